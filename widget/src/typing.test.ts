import { afterEach, describe, expect, it, vi } from 'vitest';
import { Throttle, TYPING_TIMEOUT_MS, TypingNames, typingText } from './typing.js';

describe('Throttle', () => {
  it('lets the first action through at once, then at most one per interval', () => {
    let now = 10_000;
    const throttle = new Throttle(2000, () => now);
    expect(throttle.take()).toBe(true);
    now += 1999;
    expect(throttle.take()).toBe(false);
    now += 1;
    expect(throttle.take()).toBe(true);
    now += 500;
    expect(throttle.take()).toBe(false);
    now += 10_000;
    expect(throttle.take()).toBe(true);
  });
});

describe('TypingNames', () => {
  afterEach(() => vi.useRealTimers());

  it('shows a name until its frames stop for the timeout, and reports changes only', () => {
    vi.useFakeTimers();
    const changes: string[][] = [];
    const typing: TypingNames = new TypingNames(() => changes.push(typing.names));
    typing.typing('Olive');
    vi.advanceTimersByTime(TYPING_TIMEOUT_MS - 1);
    typing.typing('Olive'); // a new frame keeps it and is not a change
    vi.advanceTimersByTime(TYPING_TIMEOUT_MS - 1);
    expect(typing.names).toEqual(['Olive']);
    vi.advanceTimersByTime(1);
    expect(typing.names).toEqual([]);
    expect(changes).toEqual([['Olive'], []]);
  });

  it('drops the name whose message arrived, or everyone for an unnamed reply', () => {
    vi.useFakeTimers();
    const typing = new TypingNames(() => {});
    typing.typing('Olive');
    typing.typing('Sam');
    typing.stop('Olive');
    expect(typing.names).toEqual(['Sam']);
    typing.stop('Nobody');
    expect(typing.names).toEqual(['Sam']);
    typing.typing('Olive');
    typing.stop(null);
    expect(typing.names).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('typingText', () => {
  it('says who is typing', () => {
    expect(typingText([])).toBe('');
    expect(typingText(['Olive'])).toBe('Olive is typing…');
    expect(typingText(['Olive', 'Sam'])).toBe('Olive and Sam are typing…');
    expect(typingText(['Olive', 'Sam', 'Kim'])).toBe('Olive and 2 others are typing…');
  });
});
