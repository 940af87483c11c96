import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../config.js';
import { databaseLimits, openDatabase, type Engine } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { buildApp } from '../app.js';
import type { App } from '../types.js';
import { createScratchDatabase } from './postgres.js';
import { createObjectStore } from '../storage/create-store.js';
import type { ObjectStore } from '../storage/object-store.js';
import type { MailerOptions } from '../mail/mailer.js';

export interface TestApp {
  engine: Engine;
  app: App;
  config: Config;
  dataDir: string;
  /** The origin `app.inject` requests are addressed to; send it as `Origin` on cookie mutations. */
  origin: string;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Wraps the configured object store, e.g. to inject a fault at an exact moment. */
  wrapStorage?: (store: ObjectStore) => ObjectStore;
  /** Mail delivery options, e.g. a short retry backoff. */
  mail?: MailerOptions;
}

/**
 * Builds the real app on a real, fresh database: a SQLite file in a temp dir, or a uniquely named
 * PostgreSQL database that is dropped on close. `env` overrides configuration (same names as production).
 */
export async function createTestApp(engine: Engine, env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fm-test-'));
  const scratch = engine === 'postgres' ? await createScratchDatabase() : null;
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOGIN_RATE_LIMIT: '1000',
    PUBLIC_RATE_LIMIT: '100000',
    // Suites upload many files in one workspace; upload-limits.test.ts sets the real limit.
    WORKSPACE_UPLOAD_RATE_LIMIT: '100000',
    // Most suites sign up many owners; the SIGNUP policies have their own tests.
    SIGNUP: 'open',
    ...(scratch ? { DATABASE_URL: scratch.url } : {}),
    ...env,
  });
  const database = openDatabase(config.database, databaseLimits(config.limits));
  await migrateToLatest(database);
  const store = createObjectStore(config.storage);
  const app = await buildApp({ config, database, logger: false, storage: options.wrapStorage?.(store) ?? store, mail: options.mail });
  await app.ready();
  return {
    engine,
    app,
    config,
    dataDir,
    origin: 'http://localhost:80',
    async close() {
      await app.close();
      await store.close?.(); // a wrapper may not pass close() through; closing twice is harmless
      await database.close();
      await scratch?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The engines this run covers: SQLite always, PostgreSQL when reachable (required under CI). */
export function testEngines(): Engine[] {
  return inject('postgresAvailable') ? ['sqlite', 'postgres'] : ['sqlite'];
}

/**
 * Declares the same suite once per engine, each on its own fresh app and database.
 * `fn` receives a getter, valid inside tests and hooks.
 */
export function describeEachEngine(name: string, fn: (t: () => TestApp) => void, env: Record<string, string> = {}): void {
  for (const engine of testEngines()) {
    describe(`${name} [${engine}]`, () => {
      let current: TestApp | undefined;
      beforeAll(async () => {
        current = await createTestApp(engine, env);
      });
      afterAll(async () => {
        await current?.close();
      });
      fn(() => {
        if (!current) throw new Error('test app not ready');
        return current;
      });
    });
  }
}

/** Parses a JSON answer; fails loudly with the body when it is not JSON. */
export function json<T = any>(response: LightMyRequestResponse): T {
  try {
    return JSON.parse(response.body) as T;
  } catch {
    throw new Error(`Expected JSON, got ${response.statusCode}: ${response.body.slice(0, 300)}`);
  }
}
