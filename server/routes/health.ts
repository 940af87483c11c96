import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import { errorResponses } from '../../shared/schemas/common.js';
import { AppError } from '../errors.js';
import type { App } from '../types.js';

export default async function healthRoutes(app: App) {
  app.get('/healthz', {
    schema: {
      tags: ['operations'],
      response: { 200: Type.Object({ status: Type.Literal('ok'), database: Type.String() }), ...errorResponses(503) },
    },
    logLevel: 'warn',
  }, async () => {
    try {
      await sql`select 1`.execute(app.db);
    } catch (error) {
      app.log.error({ err: error }, 'health check: database unreachable');
      throw new AppError(503, 'unavailable', 'The database is unreachable.');
    }
    return { status: 'ok' as const, database: app.database.engine };
  });
}
