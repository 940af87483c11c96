import { describe, expect, it } from 'vitest';
import { contentDisposition, downloadHeaders } from './download-headers.js';

describe('downloadHeaders', () => {
  it('serves images inline with the hardening headers', () => {
    const headers = downloadHeaders({ filename: 'shot.png', contentType: 'image/png', size: 1234, inline: true });
    expect(headers).toEqual({
      'content-type': 'image/png',
      'content-length': '1234',
      'content-disposition': `inline; filename="shot.png"; filename*=UTF-8''shot.png`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cross-origin-resource-policy': 'same-origin',
      'cache-control': 'private, no-store',
    });
  });

  it('makes everything else a download', () => {
    expect(downloadHeaders({ filename: 'notes.txt', contentType: 'text/plain; charset=utf-8', inline: false })['content-disposition'])
      .toMatch(/^attachment; /);
  });

  it('saves under a name whose extension follows the stored type', () => {
    expect(downloadHeaders({ filename: 'evil.html', contentType: 'text/plain; charset=utf-8', inline: false })['content-disposition'])
      .toBe(`attachment; filename="evil.html.txt"; filename*=UTF-8''evil.html.txt`);
  });
});

describe('contentDisposition (RFC 6266 / RFC 5987)', () => {
  it('gives an ASCII fallback and the exact UTF-8 name percent-encoded', () => {
    expect(contentDisposition('attachment', 'Überweisung März.pdf'))
      .toBe(`attachment; filename="Uberweisung Marz.pdf"; filename*=UTF-8''%C3%9Cberweisung%20M%C3%A4rz.pdf`);
    expect(contentDisposition('inline', '日本語.png')).toBe(`inline; filename="___.png"; filename*=UTF-8''%E6%97%A5%E6%9C%AC%E8%AA%9E.png`);
  });

  it('cannot be broken out of: quotes, backslashes, percent signs and RFC 5987 specials are escaped', () => {
    const value = contentDisposition('attachment', `a"b\\c%41'(x)*.txt`);
    expect(value).toBe(`attachment; filename="a_b_c_41'(x)*.txt"; filename*=UTF-8''a%22b%5Cc%2541%27%28x%29%2A.txt`);
    expect(value.split(';')).toHaveLength(3);
  });

  it('never leaves the fallback empty', () => {
    expect(contentDisposition('attachment', '😀')).toBe(`attachment; filename="_"; filename*=UTF-8''%F0%9F%98%80`);
  });
});
