/**
 * Wall-clock ms of one call of `run`, the median of `rounds` calls after `warmup` calls (JIT, caches): the in-process
 * micro-benchmarks' one timing loop. A `run` that loops many times divides the figure itself.
 */
export function medianMs(run: () => void, { warmup, rounds }: { warmup: number; rounds: number }): number {
  for (let i = 0; i < warmup; i++) run();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = process.hrtime.bigint();
    run();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(rounds / 2)]!;
}
