import { describe, expect, it } from 'vitest';
import { replyText, shouldAskEmail } from './away.js';

const NOW = Date.UTC(2026, 11, 2, 10, 0, 0); // a Wednesday
const away = (nextOpenAt: string | null, withinHours = false) => ({ online: false, awayMessage: 'Out', askEmail: true, withinHours, nextOpenAt });

describe('away state', () => {
  it('says when the team will likely reply', () => {
    expect(replyText({ ...away(null, true), online: true, askEmail: false }, NOW)).toBe('We usually reply in a few minutes.');
    expect(replyText(away(null, true), NOW)).toBe('We usually reply within a few hours.');
    expect(replyText(away(new Date(NOW + 30 * 60_000).toISOString()), NOW)).toBe('We’ll be back within the hour.');
    expect(replyText(away(new Date(Date.UTC(2026, 11, 2, 14, 30)).toISOString()), NOW, 'en-GB', 'UTC')).toBe('We’ll be back today at 14:30.');
    expect(replyText(away(new Date(Date.UTC(2026, 11, 3, 9, 0)).toISOString()), NOW, 'en-GB', 'UTC')).toBe('We’ll be back tomorrow at 09:00.');
    expect(replyText(away(new Date(Date.UTC(2026, 11, 7, 9, 0)).toISOString()), NOW, 'en-GB', 'UTC')).toBe('We’ll be back on Monday at 09:00.');
    // The visitor's own clock: 09:00 UTC is 18:00 in Tokyo, still "tomorrow" there.
    expect(replyText(away(new Date(Date.UTC(2026, 11, 3, 9, 0)).toISOString()), NOW, 'en-GB', 'Asia/Tokyo')).toBe('We’ll be back tomorrow at 18:00.');
  });

  it('asks for an email only after the first message, while the server asks, until settled', () => {
    const config = away(null, true);
    expect(shouldAskEmail({ config, hasConversation: true, visitorSpoke: true, settled: false })).toBe(true);
    expect(shouldAskEmail({ config, hasConversation: false, visitorSpoke: false, settled: false })).toBe(false);
    expect(shouldAskEmail({ config, hasConversation: true, visitorSpoke: false, settled: false })).toBe(false);
    expect(shouldAskEmail({ config, hasConversation: true, visitorSpoke: true, settled: true })).toBe(false);
    expect(shouldAskEmail({ config: { ...config, askEmail: false }, hasConversation: true, visitorSpoke: true, settled: false })).toBe(false);
    expect(shouldAskEmail({ config: null, hasConversation: true, visitorSpoke: true, settled: false })).toBe(false);
  });
});
