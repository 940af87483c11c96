import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import { errorResponses } from '../../shared/schemas/common.js';
import { AppError } from '../errors.js';
import type { App } from '../types.js';

const Check = Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]);

/** Resolves 'ok' or 'unavailable', never later than `timeoutMs` (a hung dependency must not hang the probe). */
async function probe(run: () => Promise<unknown>, timeoutMs: number, onError: (error: unknown) => void): Promise<'ok' | 'unavailable'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([run(), timeout]);
    return 'ok';
  } catch (error) {
    onError(error);
    return 'unavailable';
  } finally {
    clearTimeout(timer);
  }
}

export default async function healthRoutes(app: App) {
  // Liveness: the process runs and its event loop turns. It touches no dependency, so an exhausted
  // pool, a held lock or a hung S3 never makes an orchestrator restart a server that is only waiting.
  app.get('/healthz', {
    schema: {
      operationId: 'checkLiveness',
      summary: 'Liveness probe',
      security: [],
      tags: ['operations'],
      response: { 200: Type.Object({ status: Type.Literal('ok'), database: Type.String() }) },
    },
    logLevel: 'warn',
  }, async () => ({ status: 'ok' as const, database: app.database.engine }));

  // Readiness: can this server serve requests now? The database and the object store, each within
  // READINESS_TIMEOUT_MS; 503 (with Retry-After) when either is down, so a load balancer sends traffic elsewhere.
  app.get('/readyz', {
    schema: {
      operationId: 'checkReadiness',
      summary: 'Readiness probe (database and object store)',
      security: [],
      tags: ['operations'],
      response: {
        200: Type.Object({ status: Type.Literal('ready'), database: Check, storage: Check }),
        ...errorResponses(503),
      },
    },
    logLevel: 'warn',
  }, async () => {
    const timeoutMs = app.config.limits.readinessTimeoutMs;
    const [database, storage] = await Promise.all([
      probe(() => sql`select 1`.execute(app.db), timeoutMs, (err) => app.log.warn({ err }, 'readiness: database unavailable')),
      probe(() => app.storage.check(), timeoutMs, (err) => app.log.warn({ err }, 'readiness: object store unavailable')),
    ]);
    if (database !== 'ok' || storage !== 'ok') {
      throw new AppError(503, 'not_ready', 'A dependency of this server is unavailable.', { database, storage });
    }
    return { status: 'ready' as const, database, storage };
  });
}
