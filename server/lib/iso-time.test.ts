import { describe, expect, it } from 'vitest';
import { isoTime } from './iso-time.js';

const reference = (ms: number) => new Date(ms).toISOString();

describe('isoTime', () => {
  it('gives exactly what toISOString gives, across days, years and the edges of the format', () => {
    const edges = [0, 1, -1, 999, 1000, 59_999, 3_599_999, 86_399_999, 86_400_000, -86_400_000, -86_400_001,
      951_782_400_000 /* 2000-02-29 */, 1_798_761_599_999 /* 2026-12-31T23:59:59.999Z */,
      253_402_300_799_999 /* 9999-12-31T23:59:59.999Z */, -62_167_219_200_000 /* 0000-01-01 */];
    for (const ms of edges) expect(isoTime(ms)).toBe(reference(ms));
    // A deterministic spread over ~60 years, each time twice (the second from the cached day).
    let ms = 0;
    for (let i = 0; i < 20_000; i++) {
      ms = (ms * 1_103_515_245 + 12_345 + i * 97_777_777_777) % 1_900_000_000_000;
      expect(isoTime(ms)).toBe(reference(ms));
      expect(isoTime(ms)).toBe(reference(ms));
    }
  });

  it('hands the unusual cases to toISOString: six-digit years, fractions, invalid times', () => {
    for (const ms of [253_402_300_800_000, -62_167_219_200_001, 8.64e15, -8.64e15, 1.5, -0.5]) expect(isoTime(ms)).toBe(reference(ms));
    expect(() => isoTime(Number.NaN)).toThrow(RangeError);
    expect(() => isoTime(8.64e15 + 1)).toThrow(RangeError);
  });
});
