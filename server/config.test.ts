import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('config', () => {
  it('defaults to SQLite and local disk under ./data on port 3000', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ engine: 'sqlite', file: path.resolve('data/floatmessage.db') });
    expect(config.storage).toEqual({ driver: 'disk', root: path.resolve('data/files') });
    expect(config.trustProxy).toBe(false);
  });

  it('selects PostgreSQL and S3 from URLs, and lets CLI flags win over env', () => {
    const config = loadConfig(
      { PORT: '4000', DATABASE_URL: 'postgres://u@db:5432/fm', STORAGE_URL: 's3://files?endpoint=http://127.0.0.1:9000&forcePathStyle=true' },
      ['--port', '5000'],
    );
    expect(config.port).toBe(5000);
    expect(config.database).toEqual({ engine: 'postgres', url: 'postgres://u@db:5432/fm' });
    expect(config.storage).toMatchObject({ driver: 's3', bucket: 'files', endpoint: 'http://127.0.0.1:9000', forcePathStyle: true, region: 'us-east-1' });
  });

  it('reads S3 credentials from their own variables, both or neither', () => {
    const url = 's3://files/fm?endpoint=http://127.0.0.1:9000';
    expect(loadConfig({ STORAGE_URL: url }).storage).toMatchObject({ prefix: 'fm', credentials: undefined });
    expect(loadConfig({ STORAGE_URL: url, S3_ACCESS_KEY_ID: 'id', S3_SECRET_ACCESS_KEY: 'secret' }).storage)
      .toMatchObject({ credentials: { accessKeyId: 'id', secretAccessKey: 'secret' } });
    expect(() => loadConfig({ STORAGE_URL: url, S3_ACCESS_KEY_ID: 'id' })).toThrow(/S3_SECRET_ACCESS_KEY/);
  });

  it('reads SIGNUP (default first) and refuses an unknown value', () => {
    expect(loadConfig({}).signup).toBe('first');
    expect(loadConfig({ SIGNUP: 'invite' }).signup).toBe('invite');
    expect(() => loadConfig({ SIGNUP: 'everyone' })).toThrow(/SIGNUP must be one of first, open, invite/);
  });

  it('reads the per-workspace upload rate (default 60) and storage quota (default off)', () => {
    expect(loadConfig({})).toMatchObject({ workspaceUploadRateLimit: { max: 60, windowMs: 60_000 }, workspaceStorageQuotaBytes: null });
    expect(loadConfig({ WORKSPACE_UPLOAD_RATE_LIMIT: '5', WORKSPACE_STORAGE_QUOTA_MB: '2' })).toMatchObject({ workspaceUploadRateLimit: { max: 5 }, workspaceStorageQuotaBytes: 2 * 1024 * 1024 });
    expect(() => loadConfig({ WORKSPACE_UPLOAD_RATE_LIMIT: '0' })).toThrow(/WORKSPACE_UPLOAD_RATE_LIMIT must be a whole number/);
    expect(() => loadConfig({ WORKSPACE_STORAGE_QUOTA_MB: '1.5' })).toThrow(/WORKSPACE_STORAGE_QUOTA_MB must be a whole number/);
  });

  it('reads AGENT_EMAIL_DIGEST_S (default 300 s) and refuses a non-number or 0', () => {
    expect(loadConfig({}).agentEmailDigestS).toBe(300);
    expect(loadConfig({ AGENT_EMAIL_DIGEST_S: '60' }).agentEmailDigestS).toBe(60);
    expect(() => loadConfig({ AGENT_EMAIL_DIGEST_S: '0' })).toThrow(/AGENT_EMAIL_DIGEST_S must be a whole number between 1 and 86400/);
    expect(() => loadConfig({ AGENT_EMAIL_DIGEST_S: '5m' })).toThrow(/AGENT_EMAIL_DIGEST_S/);
  });

  it('parses TRUST_PROXY and COUNTRY_HEADER', () => {
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1, 10.0.0.0/8' }).trustProxy).toEqual(['10.0.0.1', '10.0.0.0/8']);
    expect(loadConfig({ COUNTRY_HEADER: 'CF-IPCountry' }).countryHeader).toBe('cf-ipcountry');
  });

  it('refuses invalid settings and names every one of them', () => {
    let caught: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', STORAGE_URL: 'ftp://x', LOG_LEVEL: 'loud' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'DATABASE_URL', 'STORAGE_URL', 'LOG_LEVEL']) expect(problems).toContain(name);
  });

  it('reads VISITOR_EMAIL_DELAY_S (default 120 s) and refuses what is not a whole number of seconds', () => {
    expect(loadConfig({}).visitorEmailDelayMs).toBe(120_000);
    expect(loadConfig({ VISITOR_EMAIL_DELAY_S: '0' }).visitorEmailDelayMs).toBe(0);
    expect(() => loadConfig({ VISITOR_EMAIL_DELAY_S: '-5' })).toThrow(/VISITOR_EMAIL_DELAY_S/);
    expect(() => loadConfig({ VISITOR_EMAIL_DELAY_S: '2 minutes' })).toThrow(/VISITOR_EMAIL_DELAY_S/);
  });
});
