import type { TestProject } from 'vitest/node';
import { postgresAdminUrl, probePostgres } from './postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAvailable: boolean;
  }
}

/**
 * Every API suite runs on SQLite and on PostgreSQL. Without a reachable PostgreSQL the PostgreSQL
 * half is skipped loudly on a developer machine, and fails the run under CI=true.
 */
export default async function setup(project: TestProject) {
  const problem = await probePostgres();
  if (problem) {
    const message = `PostgreSQL at ${postgresAdminUrl()} is unreachable (${problem}).`;
    if (process.env.CI === 'true') throw new Error(`${message} CI requires the PostgreSQL suite.`);
    console.warn(`\n${'!'.repeat(78)}\n!! ${message}\n!! SKIPPING every PostgreSQL suite. Set TEST_POSTGRES_URL to run them.\n${'!'.repeat(78)}\n`);
  }
  project.provide('postgresAvailable', problem === null);
}
