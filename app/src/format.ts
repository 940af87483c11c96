import { currentLocale, t } from './i18n';
import type { TicketStatus } from '../../shared/schemas/tickets';
import type { Visitor } from '../../shared/schemas/chat';

/**
 * Dates, numbers, sizes and relative times through `Intl`, in the dashboard's current language (the
 * browser's own regional variant of it when it has one: `en-GB` dates for an `en-GB` browser). The
 * formatters are made once per locale: building them is the costly part, and lists format hundreds.
 */
const cache = new Map<string, unknown>();
function cached<T>(key: string, make: (locale: string) => T): T {
  const locale = currentLocale();
  const id = `${locale}|${key}`;
  let value = cache.get(id) as T | undefined;
  if (value === undefined) {
    value = make(locale);
    cache.set(id, value);
  }
  return value;
}

const dateTime = () => cached('dateTime', (l) => new Intl.DateTimeFormat(l, { dateStyle: 'medium', timeStyle: 'short' }));
const shortDate = () => cached('shortDate', (l) => new Intl.DateTimeFormat(l, { month: 'short', day: 'numeric' }));
const relative = () => cached('relative', (l) => new Intl.RelativeTimeFormat(l, { numeric: 'auto', style: 'short' }));
const unit = (name: string, display: 'short' | 'narrow', digits = 0) =>
  cached(`unit:${name}:${display}:${digits}`, (l) => new Intl.NumberFormat(l, { style: 'unit', unit: name, unitDisplay: display, minimumFractionDigits: digits, maximumFractionDigits: digits }));
const displayNames = (type: 'region' | 'language') =>
  cached(`names:${type}`, (l) => {
    try {
      return new Intl.DisplayNames(l, { type });
    } catch {
      return null;
    }
  });

export const formatDateTime = (iso: string) => dateTime().format(new Date(iso));
export const formatShortDate = (iso: string) => shortDate().format(new Date(iso));
/** Day and time without the year, for due dates: "Mar 4, 14:00". */
export const formatDayTime = (iso: string) =>
  cached('dayTime', (l) => new Intl.DateTimeFormat(l, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })).format(new Date(iso));
/** A weekday's name, 0 = Sunday (as the API numbers days). */
export const weekdayName = (day: number) =>
  cached('weekday', (l) => new Intl.DateTimeFormat(l, { weekday: 'long', timeZone: 'UTC' })).format(Date.UTC(2024, 0, 7 + day));
export const formatNumber = (value: number) => cached('number', (l) => new Intl.NumberFormat(l)).format(value);

/** "3 min ago", "yesterday", or a date once it is more than a week old. */
export function formatRelative(iso: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return t('time.justNow');
  if (abs < 3600) return relative().format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return relative().format(Math.round(seconds / 3600), 'hour');
  if (abs < 7 * 86_400) return relative().format(Math.round(seconds / 86_400), 'day');
  return formatShortDate(iso);
}

/** Compact age for tables: 5m, 3h, 2d, 6w (in English). */
export function formatAge(iso: string, now = Date.now()): string {
  const seconds = Math.max(0, (now - new Date(iso).getTime()) / 1000);
  if (seconds < 60) return t('time.now');
  if (seconds < 3600) return unit('minute', 'narrow').format(Math.floor(seconds / 60));
  if (seconds < 86_400) return unit('hour', 'narrow').format(Math.floor(seconds / 3600));
  if (seconds < 14 * 86_400) return unit('day', 'narrow').format(Math.floor(seconds / 86_400));
  return unit('week', 'narrow').format(Math.floor(seconds / (7 * 86_400)));
}

/** A duration for people: "45 sec", "12 min", "3 hr 20 min", "2 days 4 hr" (in English). */
export function formatDuration(totalSeconds: number | null | undefined): string {
  if (totalSeconds === null || totalSeconds === undefined || !Number.isFinite(totalSeconds)) return '—';
  const s = Math.max(0, Math.round(totalSeconds));
  if (s < 60) return unit('second', 'short').format(s);
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return unit('minute', 'short').format(minutes);
  const hours = Math.floor(minutes / 60);
  const h = unit('hour', 'short').format(hours % 24);
  if (hours < 24) return minutes % 60 ? `${h} ${unit('minute', 'short').format(minutes % 60)}` : h;
  const days = unit('day', 'short').format(Math.floor(hours / 24));
  return hours % 24 ? `${days} ${h}` : days;
}

export function formatBytes(bytes: number): string {
  // CLDR's short "byte" unit reads oddly in English ("512 byte"): the catalogue says B, o (French) …
  if (bytes < 1024) return t('common.bytes', { size: formatNumber(bytes) });
  if (bytes < 1024 * 1024) return unit('kilobyte', 'short', bytes < 10 * 1024 ? 1 : 0).format(bytes / 1024);
  return unit('megabyte', 'short', 1).format(bytes / (1024 * 1024));
}

/** A size limit in whole megabytes: "5 MB", "5 Mo". */
export const formatMegabytes = (bytes: number) => unit('megabyte', 'short').format(Math.round(bytes / (1024 * 1024)));

export function visitorLabel(visitor: Pick<Visitor, 'name' | 'email'> | null | undefined): string {
  return visitor?.name?.trim() || visitor?.email?.trim() || t('common.anonymousVisitor');
}

export function countryLabel(code: string | null | undefined): string {
  if (!code) return t('common.unknown');
  try {
    return displayNames('region')?.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** "en-US" → "American English (en-US)"; an unknown tag stays as it is. */
export function languageLabel(tag: string | null | undefined): string {
  if (!tag) return t('common.unknown');
  try {
    const name = displayNames('language')?.of(tag);
    return name && name !== tag ? `${name} (${tag})` : tag;
  } catch {
    return tag;
  }
}

export const STATUS_ORDER: TicketStatus[] = ['new', 'in_progress', 'closed'];
export const statusLabel = (status: TicketStatus) => t(`ticketStatus.${status}`);

/** Host + path of a page URL, for tight spaces. */
export function shortUrl(url: string | null | undefined): string {
  if (!url) return '—';
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return url;
  }
}

/** Only http(s) links are rendered as links (a visitor-supplied `javascript:` URL stays text). */
export function safeHref(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}
