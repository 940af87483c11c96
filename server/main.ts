import { ConfigError, loadConfig } from './config.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { databaseLimits, isDatabaseUnavailable, openDatabase, type Database } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { buildApp } from './app.js';
import { formatReconcileReport, isConsistent, reconcileAttachments } from './commands/reconcile-attachments.js';
import { createObjectStore } from './storage/create-store.js';

/**
 * Entry point. `node dist/server/main.js [serve]` starts the server (migrating first);
 * `node dist/server/main.js migrate` only applies migrations;
 * `node dist/server/main.js reconcile [--fix] [--force]` compares attachment rows with stored files.
 */
async function main(argv: string[]): Promise<void> {
  const command = argv[0] && !argv[0].startsWith('-') ? argv[0] : 'serve';
  let config;
  try {
    config = loadConfig(process.env, argv);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`FloatMessage cannot start.\n${error.message}`);
      process.exit(1);
    }
    throw error;
  }

  const database = openDatabase(config.database, databaseLimits(config.limits));
  const applied = await migrateWhenReachable(database);
  if (command === 'migrate') {
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
    await database.close();
    return;
  }
  if (command === 'reconcile') {
    const store = createObjectStore(config.storage);
    try {
      const report = await reconcileAttachments(database.db, database.engine, store, { fix: argv.includes('--fix'), force: argv.includes('--force') });
      console.log(formatReconcileReport(report));
      process.exitCode = report.refused || (!report.fixed && !isConsistent(report)) ? 1 : 0;
    } finally {
      await store.close?.();
      await database.close();
    }
    return;
  }
  if (command !== 'serve') {
    console.error(`Unknown command "${command}". Commands: serve (default), migrate, reconcile [--fix].`);
    process.exit(1);
  }

  const app = await buildApp({ config, database });
  if (applied.length) app.log.info({ applied }, 'migrations applied');
  if (config.production && !config.publicUrl) {
    app.log.warn('PUBLIC_URL is not set: links shown in the dashboard are relative and no link is emailed; set PUBLIC_URL to this server\'s public origin, e.g. https://chat.example.com');
  }

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    // Fastify stops accepting, waits for in-flight requests and runs the app's onClose hooks; only then
    // the database closes. (An onClose hook for it would run first — Fastify runs them last-added first —
    // and the heartbeat, presence and socket counts could not remove this server's rows.)
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    app.close().then(() => database.close()).then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
}

/**
 * Migrates, waiting up to a minute for the database: at start PostgreSQL may still be booting, or another
 * server may hold the SQLite write lock for its own migration. Other errors fail at once.
 */
async function migrateWhenReachable(database: Database): Promise<string[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      return await migrateToLatest(database);
    } catch (error) {
      if (!isDatabaseUnavailable(error) || Date.now() > deadline) throw error;
      console.error(`Database not available yet (${(error as Error).message}); retrying.`);
      await sleep(1000);
    }
  }
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error);
  process.exit(1);
});
