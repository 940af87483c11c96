import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../server/config.js';
import { databaseLimits, openDatabase } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { buildApp } from '../../server/app.js';

/**
 * Builds the real app on a throwaway SQLite directory and returns its OpenAPI document — the one
 * `/api/openapi.json` serves, generated from the route schemas (never written by hand).
 */
export async function buildOpenApiDocument(): Promise<Record<string, unknown>> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fm-openapi-'));
  // An explicit environment (not process.env): the document is the same on every machine (`servers` is '/').
  const config = loadConfig({ DATA_DIR: dataDir });
  const database = openDatabase(config.database, databaseLimits(config.limits));
  try {
    await migrateToLatest(database);
    const app = await buildApp({ config, database, logger: false });
    try {
      await app.ready();
      return app.swagger() as Record<string, unknown>;
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** `tsx scripts/api/write-document.ts [out.json]`: writes the document (default: stdout). */
if (import.meta.url === `file://${process.argv[1]}`) {
  const document = JSON.stringify(await buildOpenApiDocument(), null, 2);
  const out = process.argv[2];
  if (out) fs.writeFileSync(out, `${document}\n`);
  else process.stdout.write(`${document}\n`);
}
