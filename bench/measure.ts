import fs from 'node:fs';
import pg from 'pg';

/**
 * What a scenario costs the processes under test, taken as differences between two snapshots
 * around the measured run (never the warm-up): CPU seconds from /proc/<pid>/stat (utime + stime, all
 * threads) for our server, the ceiling and the PostgreSQL backends serving our database; statements
 * and event-loop delay from our server's GET /internal/metrics (BENCH_METRICS=true).
 */
const TICKS_PER_SECOND = 100; // USER_HZ on Linux (getconf CLK_TCK)

/** CPU seconds used so far by a process (0 once it is gone). */
export function cpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at ") ": utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

export interface ServerMetrics {
  cpu: { user: number; system: number };
  queries: number;
  eventLoopDelay: { p50: number; p99: number; max: number; sinceMs: number };
  /** Garbage-collection pauses since the previous read. */
  gc: { count: number; totalMs: number; maxMs: number; major: number };
  rss: number;
}

export async function readServerMetrics(url: string): Promise<ServerMetrics> {
  const response = await fetch(`${url}/internal/metrics`);
  if (!response.ok) throw new Error(`/internal/metrics answered ${response.status}: is BENCH_METRICS=true set?`);
  return await response.json() as ServerMetrics;
}

/** The PostgreSQL backend processes connected to one database (the server's pool and its LISTEN client). */
export class PostgresBackends {
  private constructor(private readonly client: pg.Client, private readonly database: string) {}

  static async connect(adminUrl: string, database: string): Promise<PostgresBackends> {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    return new PostgresBackends(client, database);
  }

  async cpu(): Promise<Map<number, number>> {
    const { rows } = await this.client.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [this.database]);
    return new Map(rows.map(({ pid }) => [pid, cpuSeconds(pid)]));
  }

  close(): Promise<void> {
    return this.client.end();
  }
}

export interface Snapshot {
  at: number;
  serverCpu: number;
  metrics: ServerMetrics;
  databaseCpu: Map<number, number> | null;
}

export interface Costs {
  seconds: number;
  serverCpuSeconds: number;
  /** PostgreSQL backends serving our database; 0 on SQLite (its work is inside the server process). */
  databaseCpuSeconds: number;
  queries: number;
  eventLoopDelay: ServerMetrics['eventLoopDelay'];
  gc: ServerMetrics['gc'];
  rssBeforeMb: number;
  rssAfterMb: number;
}

export async function snapshot(server: { url: string; pid: number }, backends: PostgresBackends | null): Promise<Snapshot> {
  const [metrics, databaseCpu] = await Promise.all([readServerMetrics(server.url), backends?.cpu() ?? null]);
  return { at: performance.now(), serverCpu: cpuSeconds(server.pid), metrics, databaseCpu };
}

export function costsBetween(before: Snapshot, after: Snapshot): Costs {
  let databaseCpuSeconds = 0;
  // A backend that appeared during the run started from 0; one that vanished is lost (rare: the pool keeps its clients).
  for (const [pid, cpu] of after.databaseCpu ?? []) databaseCpuSeconds += cpu - (before.databaseCpu?.get(pid) ?? 0);
  return {
    seconds: (after.at - before.at) / 1000,
    serverCpuSeconds: after.serverCpu - before.serverCpu,
    databaseCpuSeconds: Math.max(0, databaseCpuSeconds),
    // The metrics read itself runs no statement.
    queries: after.metrics.queries - before.metrics.queries,
    eventLoopDelay: after.metrics.eventLoopDelay,
    gc: after.metrics.gc,
    rssBeforeMb: Math.round((before.metrics.rss / 2 ** 20) * 10) / 10,
    rssAfterMb: Math.round((after.metrics.rss / 2 ** 20) * 10) / 10,
  };
}
