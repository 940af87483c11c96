/**
 * Date formatting in responses (server/lib/iso-time.ts): `new Date(ms).toISOString()` against isoTime, ns per
 * call (median of 15 rounds of 200,000 calls after 3 warm-up rounds), for times spread over 400 days (a search
 * page, an export) and for times of one day (a conversation's messages).
 *
 *   npx tsx bench/iso-time.ts
 */
import { isoTime } from '../server/lib/iso-time.js';
import { medianMs } from './median-time.js';

const CALLS = 200_000;
const ROUNDS = 15;
const START = Date.UTC(2026, 0, 1);

function nsPerCall(format: (ms: number) => string, times: number[]): number {
  let length = 0; // used below, so the calls cannot be optimized away
  const ms = medianMs(() => {
    for (let i = 0; i < CALLS; i++) length += format(times[i % times.length]!).length;
  }, { warmup: 3, rounds: ROUNDS });
  if (length === 0) throw new Error('nothing formatted');
  return (ms * 1e6) / CALLS;
}

// A fixed pseudo-random spread, so runs compare.
let seed = 7;
const random = () => ((seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647);
const sets = {
  'spread over 400 days': Array.from({ length: 4096 }, () => START + Math.floor(random() * 400 * 86_400_000)),
  'within one day': Array.from({ length: 4096 }, () => START + Math.floor(random() * 86_400_000)),
};
for (const [name, times] of Object.entries(sets)) {
  for (const time of times) if (isoTime(time) !== new Date(time).toISOString()) throw new Error(`differs at ${time}`);
  const before = nsPerCall((ms) => new Date(ms).toISOString(), times);
  const after = nsPerCall(isoTime, times);
  console.log(`${name}: toISOString ${before.toFixed(0)} ns, isoTime ${after.toFixed(0)} ns per call (${(before / after).toFixed(1)}×)`);
}
