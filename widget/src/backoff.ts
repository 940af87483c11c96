export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
  random?: () => number;
}

/**
 * Delay before reconnect attempt `attempt` (0-based): doubling from `baseMs` up to `maxMs`, with jitter
 * (50–100 % of the step) so many widgets cut off by one server restart do not all return at once.
 */
export function backoffDelay(attempt: number, { baseMs = 1000, maxMs = 30_000, random = Math.random }: BackoffOptions = {}): number {
  const step = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(step * (0.5 + random() * 0.5));
}
