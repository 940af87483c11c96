import type { WidgetConfig } from './api.js';

const HOUR = 3_600_000;

/**
 * "When will they answer?" in the visitor's words: online → minutes; within hours but nobody at the
 * dashboard → a few hours; outside hours → when the hours next begin, in the visitor's own clock
 * (today/tomorrow/weekday at time). `timeZone`/`locale` are for tests; the browser's own by default.
 */
export function replyText(config: WidgetConfig, now: number, locale?: string, timeZone?: string): string {
  if (config.online) return 'We usually reply in a few minutes.';
  if (config.withinHours || !config.nextOpenAt) return 'We usually reply within a few hours.';
  const next = Date.parse(config.nextOpenAt);
  if (next - now <= HOUR) return 'We’ll be back within the hour.';
  const time = new Date(next).toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', timeZone });
  const day = (t: number) => new Date(t).toLocaleDateString('en-CA', { timeZone });
  if (day(next) === day(now)) return `We’ll be back today at ${time}.`;
  if (day(next) === day(now + 24 * HOUR)) return `We’ll be back tomorrow at ${time}.`;
  return `We’ll be back on ${new Date(next).toLocaleDateString(locale, { weekday: 'long', timeZone })} at ${time}.`;
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
