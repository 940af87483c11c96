/** Deterministic pseudo-random text for benchmark data (mulberry32: fast, seedable). */
export function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  return { next, pick, int: (max: number) => Math.floor(next() * max) };
}

const SUBJECTS = ['Refund', 'Checkout', 'Invoice', 'Login', 'Shipping', 'Password reset', 'Subscription', 'Discount code',
  'Export', 'Mobile app', 'Integration', 'Billing address', 'Account deletion', 'Feature request', 'Dashboard', 'Order'];
const PROBLEMS = ['not working', 'fails with an error', 'is very slow', 'shows the wrong total', 'question', 'missing',
  'charged twice', 'does not arrive', 'crashes on iOS', 'times out', 'request', 'needs clarification'];
const WORDS = ('the customer says that when they open the page after login the order total is wrong and support should check ' +
  'invoice payment stripe webhook retry queue database export csv report browser chrome safari firefox mobile desktop ' +
  'version release changelog roadmap refund policy shipping courier tracking number warehouse stock discount coupon ' +
  'subscription plan upgrade downgrade cancel renewal email notification template translation spanish german french ' +
  'screenshot attached reproduction steps expected actual behaviour workaround escalate engineering priority customer').split(' ');
export const FIRST_NAMES = ['Ada', 'Ben', 'Chloé', 'Dmitri', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kwame', 'Lena', 'Mateo', 'Noor', 'Olga', 'Priya'];
export const LAST_NAMES = ['Smith', 'Müller', 'Rossi', 'Nakamura', 'Okafor', 'Silva', 'Novak', 'Hansen', 'García', 'Kowalski', 'Dubois', 'Ahmed'];

/** The word planted in a handful of tickets, and one present in about a third of them. */
export const RARE_WORD = 'zephyrquill';
export const COMMON_WORD = 'order';
/** The start of "customer", a word in most tickets' notes: a prefix search that expands to a common word. */
export const COMMON_PREFIX = 'cust';

export type Random = ReturnType<typeof createRandom>;

export function ticketTitle(random: Random): string {
  return `${random.pick(SUBJECTS)} ${random.pick(PROBLEMS)}`;
}

/** ~1 KB of plausible notes. */
export function ticketNotes(random: Random, targetLength = 1000): string {
  const words: string[] = [];
  let length = 0;
  while (length < targetLength) {
    const word = random.pick(WORDS);
    words.push(word);
    length += word.length + 1;
  }
  return words.join(' ');
}

export function visitor(random: Random) {
  const first = random.pick(FIRST_NAMES);
  const last = random.pick(LAST_NAMES);
  return { name: `${first} ${last}`, email: `${first}.${last}${random.int(10000)}@example.com`.toLowerCase() };
}

export function sentence(random: Random, words = 12): string {
  return Array.from({ length: words }, () => random.pick(WORDS)).join(' ');
}
