import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { createApiToken, signUpOwner } from './commands/accounts.js';
const variant = process.argv[2] ?? 'all';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'me-'));
const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
const database = openDatabase(config.database); await migrateToLatest(database);
const { user } = await signUpOwner(database.db, { email: 'a@x.com', password: 'password-123456', name: 'A' }, { policy: 'open', engine: 'sqlite' });
const { token } = await createApiToken(database.db, { userId: user.id, ownerId: user.id, role: 'owner' } as any, 'b');
const app = await buildApp({ config, database, logger: false });
await app.ready();
const headers = { authorization: `Bearer ${token}` };
async function run(url: string, n: number) { const c0 = process.cpuUsage(); for (let i = 0; i < n; i++) await app.inject({ method: 'GET', url, headers }); const c = process.cpuUsage(c0); return (c.user + c.system) / 1000 / n; }
await run('/api/me', 3000);
console.log(variant, '/api/me', (await run('/api/me', 5000)).toFixed(3), 'ms; /healthz', (await run('/healthz', 5000)).toFixed(3), 'ms');
await app.close(); await database.close();
