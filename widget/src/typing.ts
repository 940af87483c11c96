import { t } from './i18n.js';

/** Typing frames go out at most this often (the server drops extra ones anyway). */
export const TYPING_INTERVAL_MS = 2000;
/** A "… is typing" shown this long after the last frame: three missed 2 s frames mean they stopped. */
export const TYPING_TIMEOUT_MS = 6000;

/** Lets one action through per `intervalMs` (the first one at once). */
export class Throttle {
  private last = -Infinity;

  constructor(
    private readonly intervalMs = TYPING_INTERVAL_MS,
    private readonly now: () => number = () => Date.now(),
  ) {}

  take(): boolean {
    const now = this.now();
    if (now - this.last < this.intervalMs) return false;
    this.last = now;
    return true;
  }
}

/**
 * Who of the team is typing right now. Each name lasts `timeoutMs` after its latest frame, or until a
 * message of theirs arrives. `onChange` runs only when the list changes (not on every frame), so a
 * live region showing it is not re-announced every two seconds.
 */
export class TypingNames {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly onChange: () => void,
    private readonly timeoutMs = TYPING_TIMEOUT_MS,
  ) {}

  get names(): string[] {
    return [...this.timers.keys()];
  }

  typing(name: string): void {
    const known = this.timers.has(name);
    clearTimeout(this.timers.get(name));
    this.timers.set(name, setTimeout(() => this.stop(name), this.timeoutMs));
    if (!known) this.onChange();
  }

  /** Their message arrived (or they went quiet). Without a name: everyone (a reply we cannot attribute). */
  stop(name?: string | null): void {
    const names = name ? [name].filter((n) => this.timers.has(n)) : this.names;
    for (const n of names) {
      clearTimeout(this.timers.get(n));
      this.timers.delete(n);
    }
    if (names.length) this.onChange();
  }
}

/** "Olive is typing…", "Olive and Sam are typing…", "Olive and 2 others are typing…" ('' for nobody). */
export function typingText(names: readonly string[]): string {
  const [first, second] = names;
  if (!first) return '';
  if (!second) return t('typing1', { a: first });
  return names.length === 2 ? t('typing2', { a: first, b: second }) : t('typingMany', { a: first, n: names.length - 1 });
}
