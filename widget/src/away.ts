import type { WidgetConfig } from './api.js';
import { currentLocale, formatTime, formatWeekday, relativeDay, t } from './i18n.js';

const HOUR = 3_600_000;

/**
 * "When will they answer?" in the visitor's words: online → minutes; within hours but nobody at the
 * dashboard → a few hours; outside hours → when the hours next begin, in the visitor's own clock
 * (today/tomorrow/weekday at time), in the visitor's language. `locale` (the tag dates are formatted
 * with) and `timeZone` are for tests: the chosen locale's tag and the browser's zone by default.
 */
export function replyText(config: WidgetConfig, now: number, locale = currentLocale().tag, timeZone?: string): string {
  if (config.online) return t('replyMinutes');
  if (config.withinHours || !config.nextOpenAt) return t('replyHours');
  const next = Date.parse(config.nextOpenAt);
  if (next - now <= HOUR) return t('backHour');
  const time = formatTime(next, timeZone, locale);
  const day = (at: number) => new Date(at).toLocaleDateString('en-CA', { timeZone });
  for (const days of [0, 1]) {
    if (day(next) === day(now + days * 24 * HOUR)) return t('backDay', { day: relativeDay(days, locale), time });
  }
  return t('backOn', { day: formatWeekday(next, timeZone, locale), time });
}

export interface PromptInputs {
  config: WidgetConfig | null;
  hasConversation: boolean;
  /** The visitor has at least one message in the conversation. */
  visitorSpoke: boolean;
  /** Dismissed ("Not now") or already answered in this page. */
  settled: boolean;
}

/** The inline email prompt appears after the visitor's first message, only when the server asks for an email. */
export function shouldAskEmail({ config, hasConversation, visitorSpoke, settled }: PromptInputs): boolean {
  return !!config?.askEmail && hasConversation && visitorSpoke && !settled;
}
