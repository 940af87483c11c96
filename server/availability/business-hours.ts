import type { BusinessHours } from '../../shared/schemas/availability.js';

/** Minutes since local midnight of "HH:MM" ("24:00" = 1440). */
export function minutesOf(clock: string): number {
  const [h, m] = clock.split(':').map(Number);
  return h! * 60 + m!;
}

/** Whether `timezone` is an IANA zone this runtime knows (the dashboard lists Intl.supportedValuesOf('timeZone')). */
export function isKnownTimeZone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

/** The first problem with a set of hours, or null: each range must end after it starts. */
export function findHoursProblem(hours: BusinessHours[]): string | null {
  const bad = hours.findIndex((h) => minutesOf(h.to) <= minutesOf(h.from));
  return bad === -1 ? null : `hours[${bad}]: "to" (${hours[bad]!.to}) must be later than "from" (${hours[bad]!.from}).`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Weekday (0 = Sunday) and minutes since midnight at `now` in `timezone`. */
export function localClock(now: number, timezone: string): { day: number; minutes: number; seconds: number } {
  let format = formatters.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: timezone, weekday: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    formatters.set(timezone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(now)).map((p) => [p.type, p.value]));
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.weekday!);
  return { day, minutes: Number(parts.hour) * 60 + Number(parts.minute), seconds: Number(parts.second) };
}

export interface HoursState {
  withinHours: boolean;
  /** When the hours next begin (epoch ms); null while within hours or when no hours are set. */
  nextOpenAt: number | null;
}

/**
 * Within hours at `now`, and if not, when they next open. No hours = always within hours. The next
 * opening is counted in local minutes from now, so across a daylight-saving change it can be off by
 * the shift (an hour) — good enough for "we'll be back at …".
 */
export function hoursState(hours: BusinessHours[], timezone: string, now: number): HoursState {
  if (hours.length === 0) return { withinHours: true, nextOpenAt: null };
  const { day, minutes, seconds } = localClock(now, timezone);
  const within = hours.some((h) => h.day === day && minutesOf(h.from) <= minutes && minutes < minutesOf(h.to));
  if (within) return { withinHours: true, nextOpenAt: null };
  let best: number | null = null;
  for (const h of hours) {
    let ahead = ((h.day - day + 7) % 7) * 1440 + minutesOf(h.from) - minutes;
    if (ahead <= 0) ahead += 7 * 1440;
    if (best === null || ahead < best) best = ahead;
  }
  return { withinHours: false, nextOpenAt: now + best! * 60_000 - seconds * 1000 - (now % 1000) };
}
