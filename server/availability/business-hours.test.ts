import { describe, expect, it } from 'vitest';
import { findHoursProblem, hoursState, isKnownTimeZone, localClock } from './business-hours.js';

// Wednesday 2026-12-02 10:15:30 UTC = 11:15:30 in Berlin (CET, UTC+1).
const WED_1015_UTC = Date.UTC(2026, 11, 2, 10, 15, 30);

describe('business hours', () => {
  it('reads the local weekday and time in the workspace zone', () => {
    expect(localClock(WED_1015_UTC, 'UTC')).toEqual({ day: 3, minutes: 615, seconds: 30 });
    expect(localClock(WED_1015_UTC, 'Europe/Berlin')).toEqual({ day: 3, minutes: 675, seconds: 30 });
    // Already Thursday in Tokyo.
    expect(localClock(Date.UTC(2026, 11, 2, 20, 0, 0), 'Asia/Tokyo').day).toBe(4);
  });

  it('is always within hours without hours', () => {
    expect(hoursState([], 'UTC', WED_1015_UTC)).toEqual({ withinHours: true, nextOpenAt: null });
  });

  it('is within a range from its start up to (not including) its end, in the zone', () => {
    const hours = [{ day: 3, from: '11:00', to: '11:16' }];
    expect(hoursState(hours, 'Europe/Berlin', WED_1015_UTC).withinHours).toBe(true);
    expect(hoursState(hours, 'UTC', WED_1015_UTC).withinHours).toBe(false);
    expect(hoursState([{ day: 3, from: '09:00', to: '10:15' }], 'UTC', WED_1015_UTC).withinHours).toBe(false);
    expect(hoursState([{ day: 3, from: '10:15', to: '24:00' }], 'UTC', WED_1015_UTC).withinHours).toBe(true);
  });

  it('finds the next opening: later today, another day, or the same day next week', () => {
    expect(hoursState([{ day: 3, from: '14:00', to: '18:00' }], 'UTC', WED_1015_UTC).nextOpenAt).toBe(Date.UTC(2026, 11, 2, 14, 0, 0));
    expect(hoursState([{ day: 1, from: '09:00', to: '17:00' }, { day: 5, from: '08:30', to: '12:00' }], 'UTC', WED_1015_UTC).nextOpenAt).toBe(Date.UTC(2026, 11, 4, 8, 30, 0));
    expect(hoursState([{ day: 3, from: '08:00', to: '09:00' }], 'UTC', WED_1015_UTC).nextOpenAt).toBe(Date.UTC(2026, 11, 9, 8, 0, 0));
    // 09:00 in Berlin is 08:00 UTC.
    expect(hoursState([{ day: 4, from: '09:00', to: '17:00' }], 'Europe/Berlin', WED_1015_UTC).nextOpenAt).toBe(Date.UTC(2026, 11, 3, 8, 0, 0));
  });

  it('checks ranges and zones', () => {
    expect(findHoursProblem([{ day: 1, from: '09:00', to: '17:00' }, { day: 2, from: '10:00', to: '24:00' }])).toBeNull();
    expect(findHoursProblem([{ day: 1, from: '09:00', to: '17:00' }, { day: 2, from: '18:00', to: '08:00' }])).toMatch(/^hours\[1\]/);
    expect(isKnownTimeZone('America/New_York')).toBe(true);
    expect(isKnownTimeZone('Nowhere/City')).toBe(false);
  });
});
