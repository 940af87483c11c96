import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

/**
 * The one place configuration is read. Everything else receives a `Config`.
 * Read once at start; on any invalid setting the process refuses to start and says which one.
 */
export type DatabaseConfig =
  | { engine: 'sqlite'; file: string }
  | { engine: 'postgres'; url: string };

export type StorageConfig =
  | { driver: 'disk'; root: string }
  | {
      driver: 's3';
      bucket: string;
      endpoint?: string;
      region: string;
      forcePathStyle: boolean;
      prefix: string;
      /** From S3_ACCESS_KEY_ID + S3_SECRET_ACCESS_KEY (kept out of the URL so it never lands in logs); unset → the SDK's default chain. */
      credentials?: { accessKeyId: string; secretAccessKey: string };
      /** S3_CONNECT_TIMEOUT_MS, S3_REQUEST_TIMEOUT_MS (also in `limits`). */
      connectTimeoutMs?: number;
      requestTimeoutMs?: number;
      /** Local spool for upload bodies before they go to S3: `<DATA_DIR>/spool`. */
      spoolDir?: string;
    };

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  database: DatabaseConfig;
  storage: StorageConfig;
  /** Fastify `trustProxy` value: false, true, a hop count, or a list of proxy addresses. */
  trustProxy: boolean | number | string[];
  /** Header carrying a country code set by a trusted proxy/CDN (e.g. CF-IPCountry). */
  countryHeader: string | null;
  /** Public origin of the server (e.g. https://chat.example.com); derived from the request when unset. */
  publicUrl: string | null;
  logLevel: string;
  loginRateLimit: { max: number; windowMs: number };
  publicRateLimit: { max: number; windowMs: number };
  /** Visitor chat uploads per window: per IP address and per conversation (VISITOR_UPLOAD_RATE_LIMIT, VISITOR_UPLOAD_CONVERSATION_RATE_LIMIT). */
  visitorUploadRateLimit: { perIp: number; perConversation: number; windowMs: number };
  /** Owner uploads (ticket attachments, teammate files in chat) per minute per workspace, all servers together (WORKSPACE_UPLOAD_RATE_LIMIT). */
  workspaceUploadRateLimit: { max: number; windowMs: number };
  /** Bytes of files (originals) a workspace may keep (WORKSPACE_STORAGE_QUOTA_MB); null: no quota. */
  workspaceStorageQuotaBytes: number | null;
  sessionTtlDays: number;
  /** Outgoing mail (invites, password resets); null when SMTP_URL is unset: no mail is sent (see server/mail/). */
  smtp: SmtpConfig | null;
  /** SIGNUP: who may create an account without an invite: `first` (only the very first account), `open` (anyone), `invite` (nobody). */
  signup: SignupPolicy;
  /** NODE_ENV=production: links are never built from a request's Host (PUBLIC_URL or a relative path). */
  production: boolean;
  /** CSP `frame-ancestors` sources for the hosted form pages `/f/{formId}` (FORM_FRAME_ANCESTORS; default `'none'`). */
  formFrameAncestors: string;
  /** Bounds on every wait for a dependency or a client; past them the request ends (503 or 408) instead of hanging. */
  limits: LimitsConfig;
  /** BENCH_METRICS=true serves GET /internal/metrics (CPU, statements, event-loop delay) for the benchmark. */
  benchMetrics: boolean;
  /** Teammate mail: at most one digest per teammate per this many seconds (AGENT_EMAIL_DIGEST_S, default 300). */
  agentEmailDigestS: number;
  /** VISITOR_EMAIL_DELAY_S (default 120): a reply the visitor has not seen live for this long is mailed to them. */
  visitorEmailDelayMs: number;
  /** Outgoing webhooks (server/webhooks/): WEBHOOK_ALLOW_PRIVATE, WEBHOOK_TIMEOUT_MS. */
  webhooks: WebhookConfig;
}

export interface WebhookConfig {
  /** WEBHOOK_ALLOW_PRIVATE=true lets targets resolve to loopback/private/link-local/metadata addresses (default false: SSRF-safe). */
  allowPrivate: boolean;
  /** A receiver must answer with a 2xx within this time (WEBHOOK_TIMEOUT_MS, default 10 s). */
  timeoutMs: number;
}

export interface LimitsConfig {
  /** PostgreSQL: longest wait for a pooled connection (DB_ACQUIRE_TIMEOUT_MS). */
  dbAcquireTimeoutMs: number;
  /** PostgreSQL statement_timeout (DB_STATEMENT_TIMEOUT_MS). */
  dbStatementTimeoutMs: number;
  /** PostgreSQL lock_timeout (DB_LOCK_TIMEOUT_MS). */
  dbLockTimeoutMs: number;
  /** SQLite: longest total wait for the write lock, in short non-blocking steps (SQLITE_LOCK_WAIT_MS). */
  sqliteLockWaitMs: number;
  /** SQLite: WAL checkpoint period of the checkpointer thread, 0 = inside commits as SQLite does (SQLITE_CHECKPOINT_MS). */
  sqliteCheckpointMs: number;
  /** SQLite: worker threads with read-only connections for search, export and reports; 0 = on the main connection (SQLITE_READ_THREADS). */
  sqliteReadThreads: number;
  /** /readyz: longest wait for each dependency check (READINESS_TIMEOUT_MS). */
  readinessTimeoutMs: number;
  /** A request body (JSON, form) must be complete within this time (BODY_TIMEOUT_MS). */
  bodyTimeoutMs: number;
  /** Uploads slower than this on average over UPLOAD_RATE_WINDOW_MS are cut off (UPLOAD_MIN_BYTES_PER_SECOND). */
  uploadMinBytesPerSecond: number;
  uploadRateWindowMs: number;
  /** S3: TCP connect and per-request timeouts (S3_CONNECT_TIMEOUT_MS, S3_REQUEST_TIMEOUT_MS). */
  s3ConnectTimeoutMs: number;
  s3RequestTimeoutMs: number;
}

export type SignupPolicy = 'first' | 'open' | 'invite';
const SIGNUP_POLICIES: SignupPolicy[] = ['first', 'open', 'invite'];

export interface SmtpConfig {
  /** smtps:// (TLS from the first byte, port 465) rather than smtp:// (STARTTLS, port 587). */
  secure: boolean;
  host: string;
  port: number;
  username: string | null;
  password: string | null;
  /** The From header as configured, e.g. `FloatMessage <noreply@example.com>`. */
  from: string;
  /** The bare address of `from`, for the envelope. */
  fromAddress: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Builds the config from environment variables, with CLI flags taking precedence. */
export function loadConfig(env: Env = process.env, argv: string[] = []): Config {
  const flags = parseFlags(argv);
  const problems: string[] = [];
  const read = (name: string, flag?: string): string | undefined => {
    const value = (flag && flags[flag]) ?? env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };

  const port = readInt(read('PORT', 'port') ?? '3000', 'PORT', 0, 65535, problems);
  const dataDir = path.resolve(read('DATA_DIR', 'data-dir') ?? './data');
  const database = parseDatabaseUrl(read('DATABASE_URL', 'database-url'), dataDir, problems);
  const storage = parseStorageUrl(read('STORAGE_URL', 'storage-url'), dataDir, problems);
  if (storage.driver === 's3') storage.credentials = readS3Credentials(read('S3_ACCESS_KEY_ID'), read('S3_SECRET_ACCESS_KEY'), problems);
  const trustProxy = parseTrustProxy(read('TRUST_PROXY'), problems);
  const publicUrl = parsePublicUrl(read('PUBLIC_URL'), problems);
  const logLevel = read('LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${logLevel}")`);
  const loginMax = readInt(read('LOGIN_RATE_LIMIT') ?? '10', 'LOGIN_RATE_LIMIT', 1, 1_000_000, problems);
  const publicMax = readInt(read('PUBLIC_RATE_LIMIT') ?? '120', 'PUBLIC_RATE_LIMIT', 1, 10_000_000, problems);
  const uploadsPerIp = readInt(read('VISITOR_UPLOAD_RATE_LIMIT') ?? '20', 'VISITOR_UPLOAD_RATE_LIMIT', 1, 1_000_000, problems);
  const uploadsPerConversation = readInt(read('VISITOR_UPLOAD_CONVERSATION_RATE_LIMIT') ?? '10', 'VISITOR_UPLOAD_CONVERSATION_RATE_LIMIT', 1, 1_000_000, problems);
  const workspaceUploads = readInt(read('WORKSPACE_UPLOAD_RATE_LIMIT') ?? '60', 'WORKSPACE_UPLOAD_RATE_LIMIT', 1, 1_000_000, problems);
  const quotaMb = readInt(read('WORKSPACE_STORAGE_QUOTA_MB') ?? '0', 'WORKSPACE_STORAGE_QUOTA_MB', 0, 1_000_000_000, problems);
  const sessionTtlDays = readInt(read('SESSION_TTL_DAYS') ?? '30', 'SESSION_TTL_DAYS', 1, 3650, problems);
  const smtp = parseSmtp(read('SMTP_URL'), read('SMTP_FROM'), problems);
  const formFrameAncestors = parseFrameAncestors(read('FORM_FRAME_ANCESTORS'), problems);
  const ms = (name: string, fallback: number, min = 1) => readInt(read(name) ?? String(fallback), name, min, 3_600_000, problems);
  const limits: LimitsConfig = {
    dbAcquireTimeoutMs: ms('DB_ACQUIRE_TIMEOUT_MS', 5000),
    dbStatementTimeoutMs: ms('DB_STATEMENT_TIMEOUT_MS', 5000),
    dbLockTimeoutMs: ms('DB_LOCK_TIMEOUT_MS', 5000),
    sqliteLockWaitMs: ms('SQLITE_LOCK_WAIT_MS', 5000),
    sqliteCheckpointMs: ms('SQLITE_CHECKPOINT_MS', 1000, 0),
    sqliteReadThreads: readInt(read('SQLITE_READ_THREADS') ?? String(Math.min(2, availableParallelism())), 'SQLITE_READ_THREADS', 0, 64, problems),
    readinessTimeoutMs: ms('READINESS_TIMEOUT_MS', 2000),
    bodyTimeoutMs: ms('BODY_TIMEOUT_MS', 30_000),
    uploadMinBytesPerSecond: ms('UPLOAD_MIN_BYTES_PER_SECOND', 8192, 0),
    uploadRateWindowMs: ms('UPLOAD_RATE_WINDOW_MS', 30_000),
    s3ConnectTimeoutMs: ms('S3_CONNECT_TIMEOUT_MS', 5000),
    s3RequestTimeoutMs: ms('S3_REQUEST_TIMEOUT_MS', 30_000),
  };

  if (storage.driver === 's3') {
    Object.assign(storage, { connectTimeoutMs: limits.s3ConnectTimeoutMs, requestTimeoutMs: limits.s3RequestTimeoutMs, spoolDir: path.join(dataDir, 'spool') });
  }
  const agentEmailDigestS = readInt(read('AGENT_EMAIL_DIGEST_S') ?? '300', 'AGENT_EMAIL_DIGEST_S', 1, 86_400, problems);
  const visitorEmailDelayS = readInt(read('VISITOR_EMAIL_DELAY_S') ?? '120', 'VISITOR_EMAIL_DELAY_S', 0, 86_400, problems);
  const signup = (read('SIGNUP') ?? 'first') as SignupPolicy;
  if (!SIGNUP_POLICIES.includes(signup)) problems.push(`SIGNUP must be one of ${SIGNUP_POLICIES.join(', ')} (got "${signup}")`);

  const webhookAllowPrivate = read('WEBHOOK_ALLOW_PRIVATE') ?? 'false';
  if (webhookAllowPrivate !== 'true' && webhookAllowPrivate !== 'false') problems.push(`WEBHOOK_ALLOW_PRIVATE must be true or false (got "${webhookAllowPrivate}")`);
  const webhooks: WebhookConfig = { allowPrivate: webhookAllowPrivate === 'true', timeoutMs: readInt(read('WEBHOOK_TIMEOUT_MS') ?? '10000', 'WEBHOOK_TIMEOUT_MS', 100, 60_000, problems) };

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    host: read('HOST', 'host') ?? '0.0.0.0',
    dataDir,
    database,
    storage,
    trustProxy,
    countryHeader: read('COUNTRY_HEADER')?.toLowerCase() ?? null,
    publicUrl,
    logLevel,
    loginRateLimit: { max: loginMax, windowMs: 60_000 },
    publicRateLimit: { max: publicMax, windowMs: 60_000 },
    visitorUploadRateLimit: { perIp: uploadsPerIp, perConversation: uploadsPerConversation, windowMs: 60_000 },
    workspaceUploadRateLimit: { max: workspaceUploads, windowMs: 60_000 },
    workspaceStorageQuotaBytes: quotaMb === 0 ? null : quotaMb * 1024 * 1024,
    sessionTtlDays,
    smtp,
    signup,
    production: read('NODE_ENV') === 'production',
    formFrameAncestors,
    limits,
    benchMetrics: read('BENCH_METRICS') === 'true',
    agentEmailDigestS,
    visitorEmailDelayMs: visitorEmailDelayS * 1000,
    webhooks,
  };
}

function parseFlags(argv: string[]): Record<string, string | undefined> {
  const { values } = parseArgs({
    args: argv,
    strict: false,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      'database-url': { type: 'string' },
      'storage-url': { type: 'string' },
    },
  });
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'string' ? v : undefined]));
}

function readInt(raw: string, name: string, min: number, max: number, problems: string[]): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    problems.push(`${name} must be a whole number between ${min} and ${max} (got "${raw}")`);
    return min;
  }
  return value;
}

function parseDatabaseUrl(raw: string | undefined, dataDir: string, problems: string[]): DatabaseConfig {
  if (raw === undefined) return { engine: 'sqlite', file: path.join(dataDir, 'floatmessage.db') };
  if (/^postgres(ql)?:\/\//.test(raw)) {
    try {
      new URL(raw);
      return { engine: 'postgres', url: raw };
    } catch {
      problems.push('DATABASE_URL is not a valid postgres:// URL');
    }
  } else if (raw.startsWith('sqlite:')) {
    const file = raw.slice('sqlite:'.length).replace(/^\/\//, '');
    if (file) return { engine: 'sqlite', file: path.resolve(file) };
    problems.push('DATABASE_URL sqlite: needs a file path, e.g. sqlite:./data/floatmessage.db');
  } else {
    problems.push(`DATABASE_URL must start with postgres:// or sqlite: (got "${raw.split(':')[0]}:…")`);
  }
  return { engine: 'sqlite', file: '' };
}

function parseStorageUrl(raw: string | undefined, dataDir: string, problems: string[]): StorageConfig {
  if (raw === undefined) return { driver: 'disk', root: path.join(dataDir, 'files') };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push('STORAGE_URL must be file:///path or s3://bucket[?endpoint=…&region=…&forcePathStyle=true]');
    return { driver: 'disk', root: '' };
  }
  if (url.protocol === 'file:') return { driver: 'disk', root: path.resolve(decodeURIComponent(url.pathname)) };
  if (url.protocol === 's3:' && url.hostname) {
    return {
      driver: 's3',
      bucket: url.hostname,
      endpoint: url.searchParams.get('endpoint') ?? undefined,
      region: url.searchParams.get('region') ?? 'us-east-1',
      forcePathStyle: url.searchParams.get('forcePathStyle') === 'true',
      prefix: url.pathname.replace(/^\/+/, ''),
    };
  }
  problems.push(`STORAGE_URL scheme must be file: or s3: (got "${url.protocol}")`);
  return { driver: 'disk', root: '' };
}

function readS3Credentials(accessKeyId: string | undefined, secretAccessKey: string | undefined, problems: string[]) {
  if (accessKeyId && secretAccessKey) return { accessKeyId, secretAccessKey };
  if (accessKeyId || secretAccessKey) problems.push('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together');
  return undefined;
}

function parseTrustProxy(raw: string | undefined, problems: string[]): Config['trustProxy'] {
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  const list = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (list.every((entry) => /^[0-9a-fA-F:.]+(\/\d+)?$/.test(entry))) return list;
  problems.push('TRUST_PROXY must be true, false, a hop count, or a comma-separated list of proxy addresses/CIDRs');
  return false;
}

/** CSP source list: 'none', 'self', *, or http(s) origins (wildcard subdomains allowed), separated by spaces. */
function parseFrameAncestors(raw: string | undefined, problems: string[]): string {
  if (raw === undefined) return "'none'";
  const sources = raw.split(/\s+/);
  const valid = sources.every((source) => /^('none'|'self'|\*|https?:\/\/(\*\.)?[a-z0-9.-]+(:\d{1,5})?)$/i.test(source));
  if (!valid || (sources.includes("'none'") && sources.length > 1)) {
    problems.push(`FORM_FRAME_ANCESTORS must be 'none', 'self', * or http(s) origins separated by spaces (got "${raw}")`);
  }
  return raw;
}

function parsePublicUrl(raw: string | undefined, problems: string[]): string | null {
  if (raw === undefined) return null;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
    return url.origin;
  } catch {
    problems.push(`PUBLIC_URL must be an http(s) URL such as https://chat.example.com (got "${raw}")`);
    return null;
  }
}

function parseSmtp(raw: string | undefined, from: string | undefined, problems: string[]): SmtpConfig | null {
  if (raw === undefined) {
    if (from !== undefined) problems.push('SMTP_FROM is set but SMTP_URL is not');
    return null;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push('SMTP_URL must look like smtp://user:pass@host:587 or smtps://user:pass@host:465');
    return null;
  }
  if ((url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || !url.hostname) {
    problems.push(`SMTP_URL scheme must be smtp: (STARTTLS) or smtps: (TLS) (got "${url.protocol}")`);
    return null;
  }
  // A bare address or `Name <address>`; no line breaks (they would end up in a mail header).
  const fromAddress = from && !/[\r\n]/.test(from) ? (/<([^<>\s]+@[^<>\s]+)>\s*$/.exec(from)?.[1] ?? (/^[^<>\s]+@[^<>\s]+$/.test(from) ? from : null)) : null;
  if (!from || !fromAddress) {
    problems.push('SMTP_FROM must be set with SMTP_URL, as an address or "Name <address>"');
    return null;
  }
  const secure = url.protocol === 'smtps:';
  return {
    secure,
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    username: url.username ? decodeURIComponent(url.username) : null,
    password: url.password ? decodeURIComponent(url.password) : null,
    from,
    fromAddress,
  };
}
