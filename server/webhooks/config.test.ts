import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';

describe('webhook config', () => {
  it('refuses private targets and waits 10 s by default; WEBHOOK_ALLOW_PRIVATE and WEBHOOK_TIMEOUT_MS change that', () => {
    expect(loadConfig({}).webhooks).toEqual({ allowPrivate: false, timeoutMs: 10_000 });
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_TIMEOUT_MS: '2500' }).webhooks).toEqual({ allowPrivate: true, timeoutMs: 2500 });
    expect(() => loadConfig({ WEBHOOK_ALLOW_PRIVATE: 'yes' })).toThrow(/WEBHOOK_ALLOW_PRIVATE must be true or false/);
    expect(() => loadConfig({ WEBHOOK_TIMEOUT_MS: '10s' })).toThrow(/WEBHOOK_TIMEOUT_MS/);
    expect(() => loadConfig({ WEBHOOK_TIMEOUT_MS: '99' })).toThrow(/WEBHOOK_TIMEOUT_MS/);
  });
});
