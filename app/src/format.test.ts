import { afterAll, describe, expect, it } from 'vitest';
import { rejectReason } from './attachment-rules';
import { slugify, FIELD_NAME } from './components/FieldEditor';
import { formatAge, formatBytes, formatDuration, formatRelative, safeHref, visitorLabel, weekdayName } from './format';
import { loadLanguage } from './i18n';

describe('dashboard formatting', () => {
  it('formats durations for people', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(42)).toBe('42 sec');
    expect(formatDuration(12 * 60 + 5)).toBe('12 min');
    expect(formatDuration(3 * 3600 + 20 * 60)).toBe('3 hr 20 min');
    expect(formatDuration(2 * 86_400 + 4 * 3600)).toBe('2 days 4 hr');
  });

  it('formats ages and sizes compactly', () => {
    const now = Date.parse('2024-05-10T12:00:00Z');
    expect(formatAge('2024-05-10T11:55:00Z', now)).toBe('5m');
    expect(formatAge('2024-05-08T12:00:00Z', now)).toBe('2d');
    expect(formatAge('2024-03-01T12:00:00Z', now)).toBe('10w');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB');
  });

  describe('in German', () => {
    afterAll(() => loadLanguage('en'));
    it('formats dates, numbers, durations and relative times through Intl in the chosen language', async () => {
      await loadLanguage('de');
      const now = Date.parse('2024-05-10T12:00:00Z');
      expect(formatDuration(3 * 3600 + 20 * 60)).toBe('3 Std. 20 Min.');
      expect(formatBytes(5.5 * 1024)).toBe('5,5 kB');
      expect(formatRelative('2024-05-09T12:00:00Z', now)).toBe('gestern');
      expect(formatRelative('2024-05-10T11:59:50Z', now)).toBe('gerade eben');
      expect(weekdayName(1)).toBe('Montag');
      expect(visitorLabel(null)).toBe('Anonymer Besucher');
    });
  });

  it('labels visitors by name, then email', () => {
    expect(visitorLabel({ name: ' Ann ', email: 'a@x.io' })).toBe('Ann');
    expect(visitorLabel({ name: null, email: 'a@x.io' })).toBe('a@x.io');
    expect(visitorLabel(null)).toBe('Anonymous visitor');
  });

  it('links only http(s) page URLs', () => {
    expect(safeHref('https://shop.example.com/a?b=1')).toBe('https://shop.example.com/a?b=1');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('not a url')).toBeNull();
  });
});

describe('attachment checks before upload', () => {
  const file = (name: string, size: number, type: string) => new File([new Uint8Array(size)], name, { type });

  it('accepts the allowed types up to 5 MB', () => {
    expect(rejectReason(file('shot.png', 5 * 1024 * 1024, 'image/png'))).toBeNull();
    expect(rejectReason(file('Quote.PDF', 10, 'application/pdf'))).toBeNull();
    expect(rejectReason(file('pasted image', 10, 'image/webp'))).toBeNull();
  });

  it('refuses files that are too large, of another type, or empty', () => {
    expect(rejectReason(file('big.png', 5 * 1024 * 1024 + 1, 'image/png'))).toMatch(/at most 5 MB/);
    expect(rejectReason(file('tool.exe', 10, 'application/x-msdownload'))).toMatch(/not an allowed file type/);
    expect(rejectReason(file('constructor', 10, ''))).toMatch(/not an allowed file type/);
    expect(rejectReason(file('empty.txt', 0, 'text/plain'))).toMatch(/empty/);
  });
});

describe('form field names', () => {
  it('derives valid identifiers from labels', () => {
    for (const label of ['Your name', 'E-mail address', '2nd phone', 'Ärger?', '']) {
      expect(slugify(label), label).toMatch(FIELD_NAME);
    }
    expect(slugify('E-mail address')).toBe('e_mail_address');
    expect(slugify('2nd phone')).toBe('field_2nd_phone');
  });
});
