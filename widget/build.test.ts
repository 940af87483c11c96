import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWidget, GZIP_BUDGET_BYTES } from './build.js';

describe('the widget bundle', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fm-widget-build-'));
  const file = path.join(dir, 'widget.js');
  let sizes: { bytes: number; gzipBytes: number };
  let code = '';
  beforeAll(async () => {
    sizes = await buildWidget(file);
    code = fs.readFileSync(file, 'utf8');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('stays within its gzipped size budget', () => {
    expect(sizes.bytes).toBe(Buffer.byteLength(code));
    expect(sizes.gzipBytes).toBeLessThan(GZIP_BUDGET_BYTES);
  });

  it('is one self-contained classic script (an IIFE: no module syntax, no loader)', () => {
    expect(code).toMatch(/^"use strict";\(\(\)=>\{|^\(\(\)=>\{/);
    expect(code).not.toMatch(/\bimport\s*[{(*"']|\bexport\s*\{|\brequire\(/);
  });

  it('carries no HTML parsing of data and no TypeBox', () => {
    expect(code).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(/);
    expect(code).not.toMatch(/TypeBox|@sinclair/);
  });
});
