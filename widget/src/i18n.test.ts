import { afterEach, describe, expect, it } from 'vitest';
import { ENGLISH_PROBLEMS } from '../../shared/forms/validate-submission.js';
import { describeVisitorTicket } from '../../shared/visitor-tickets.js';
import { replyText } from './away.js';
import { formatSize } from './files.js';
import { chooseLocale, formatTime, plural, setLocale, t, type LocaleChoice } from './i18n.js';
import { CATALOGUES, type Lang } from './locales.js';
import { ticketLine } from './tickets.js';
import { typingText } from './typing.js';

const LANGS = Object.keys(CATALOGUES) as Lang[];
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
const use = (lang: Lang, tag: string = lang) => setLocale({ lang, tag });

afterEach(() => setLocale(chooseLocale(null, [])));

describe('chooseLocale', () => {
  it('lets the site’s data-locale win over the browser’s languages', () => {
    expect(chooseLocale('de', ['fr-FR', 'en'])).toEqual({ lang: 'de', tag: 'de' });
    expect(chooseLocale(' pt-BR ', ['es'])).toEqual({ lang: 'pt', tag: 'pt-BR' });
    expect(chooseLocale('FR_ca', [])).toEqual({ lang: 'fr', tag: 'fr-CA' });
  });

  it('takes the first browser language it has a catalogue for, matched by language', () => {
    expect(chooseLocale(null, ['it-IT', 'es-MX', 'de'])).toEqual({ lang: 'es', tag: 'es-MX' });
    expect(chooseLocale(undefined, ['pt-BR', 'en-US'])).toEqual({ lang: 'pt', tag: 'pt-BR' });
    expect(chooseLocale('', ['en-GB', 'de'])).toEqual({ lang: 'en', tag: 'en-GB' });
  });

  it('falls through an unsupported or malformed data-locale, and ends in English', () => {
    expect(chooseLocale('it', ['fr'])).toEqual({ lang: 'fr', tag: 'fr' });
    expect(chooseLocale('not a tag!', ['de-AT'])).toEqual({ lang: 'de', tag: 'de-AT' });
    expect(chooseLocale('ja', ['zh-CN', '*'])).toEqual({ lang: 'en', tag: 'en' });
    expect(chooseLocale(null, [])).toEqual({ lang: 'en', tag: 'en' });
  });
});

describe('the catalogues', () => {
  const english = CATALOGUES.en;

  it.each(LANGS)('%s has every key of English, no other, none empty, with the same placeholders', (lang) => {
    const catalogue = CATALOGUES[lang];
    expect(Object.keys(catalogue).sort()).toEqual(Object.keys(english).sort());
    for (const [key, text] of Object.entries(catalogue)) {
      expect(text.trim(), `${lang}.${key}`).not.toBe('');
      expect(placeholders(text), `${lang}.${key}`).toEqual(placeholders(english[key as keyof typeof english]));
    }
  });

  it('says in English exactly what the server says (form problems, ticket lines in the hosted page and mail)', () => {
    use('en');
    const label = 'Your name';
    expect([t('vUnknown', { name: 'x' }), t('vBoolean', { label }), t('vChecked', { label }), t('vText', { label }), t('vRequired', { label }),
      t('vTooLong', { label, max: 100 }), t('vEmail', { label }), t('vOption', { label })]).toEqual([
      ENGLISH_PROBLEMS.unknownField('x'), ENGLISH_PROBLEMS.notBoolean(label), ENGLISH_PROBLEMS.notChecked(label), ENGLISH_PROBLEMS.notText(label),
      ENGLISH_PROBLEMS.required(label), ENGLISH_PROBLEMS.tooLong(label, 100), ENGLISH_PROBLEMS.notEmail(label), ENGLISH_PROBLEMS.notOption(label),
    ]);
    for (const status of ['new', 'in_progress', 'closed', 'unknown']) {
      expect(ticketLine({ number: 12, title: 'x', status, updatedAt: '' })).toBe(describeVisitorTicket({ number: 12, status }));
    }
  });

  it.each(LANGS.filter((lang) => lang !== 'en'))('%s is a translation, not a copy of English', (lang) => {
    // A few words are the same in both languages ("Online", "Messages"): most sentences must differ.
    const same = Object.entries(CATALOGUES[lang]).filter(([key, text]) => text === english[key as keyof typeof english]);
    expect(same.length).toBeLessThan(Object.keys(english).length / 10);
  });
});

describe('t and the Intl formats', () => {
  it('fills placeholders and writes numbers the visitor’s way', () => {
    use('de', 'de-DE');
    expect(t('vTooLong', { label: 'Name', max: 1000 })).toBe('„Name“ ist zu lang (höchstens 1.000 Zeichen).');
    use('en');
    expect(t('vTooLong', { label: 'Name', max: 1000 })).toBe('"Name" is too long (at most 1,000 characters).');
  });

  it('chooses singular or plural by the language’s rules', () => {
    use('fr');
    expect([plural('open', 1), plural('open', 3)]).toEqual(['Ouvrir le chat, 1 nouvelle réponse', 'Ouvrir le chat, 3 nouvelles réponses']);
    use('en');
    expect([plural('open', 1), plural('open', 12)]).toEqual(['Open chat, 1 new reply', 'Open chat, 12 new replies']);
  });

  it('formats times, sizes, tickets and typing names per language', () => {
    const at = Date.UTC(2026, 11, 2, 14, 5);
    use('de', 'de-DE');
    expect(formatTime(at, 'UTC')).toBe('14:05');
    expect(formatSize(1.5 * 1024 * 1024)).toBe('1,5 MB');
    expect(ticketLine({ number: 1234, title: 'x', status: 'in_progress', updatedAt: '' })).toBe('Ihre Anfrage #1234 – In Bearbeitung');
    expect(typingText(['Olive', 'Sam', 'Kim'])).toBe('Olive und 2 weitere schreiben…');
    use('fr', 'fr-FR');
    expect(formatSize(12_800)).toBe('13 Ko');
    expect(ticketLine({ number: 7, title: 'x', status: 'archived', updatedAt: '' })).toBe('Votre demande n°\u00a07 — archived');
    use('en', 'en-US');
    expect(formatTime(at, 'UTC')).toBe('02:05 PM');
  });

  const NOW = Date.UTC(2026, 11, 2, 10, 0); // a Wednesday
  const awayUntil = (iso: string) => ({ online: false, awayMessage: null, askEmail: true, withinHours: false, nextOpenAt: iso });
  const cases: [LocaleChoice, string, string, string][] = [
    [{ lang: 'de', tag: 'de' }, 'Wir sind heute um 14:30 Uhr wieder da.', 'Wir sind morgen um 09:00 Uhr wieder da.', 'Wir sind am Montag um 09:00 Uhr wieder da.'],
    [{ lang: 'fr', tag: 'fr' }, 'Nous serons de retour aujourd’hui à 14:30.', 'Nous serons de retour demain à 09:00.', 'Nous serons de retour lundi à 09:00.'],
    [{ lang: 'es', tag: 'es' }, 'Volveremos hoy a las 14:30.', 'Volveremos mañana a las 09:00.', 'Volveremos el lunes a las 09:00.'],
    [{ lang: 'pt', tag: 'pt-BR' }, 'Voltamos hoje às 14:30.', 'Voltamos amanhã às 09:00.', 'Voltamos segunda-feira, às 09:00.'],
    [{ lang: 'en', tag: 'en-GB' }, 'We’ll be back today at 14:30.', 'We’ll be back tomorrow at 09:00.', 'We’ll be back on Monday at 09:00.'],
  ];
  it.each(cases)('says when the team is back in %o (relative days through Intl.RelativeTimeFormat)', (choice, today, tomorrow, monday) => {
    setLocale(choice);
    expect(replyText(awayUntil(new Date(Date.UTC(2026, 11, 2, 14, 30)).toISOString()), NOW, undefined, 'UTC')).toBe(today);
    expect(replyText(awayUntil(new Date(Date.UTC(2026, 11, 3, 9, 0)).toISOString()), NOW, undefined, 'UTC')).toBe(tomorrow);
    expect(replyText(awayUntil(new Date(Date.UTC(2026, 11, 7, 9, 0)).toISOString()), NOW, undefined, 'UTC')).toBe(monday);
  });
});
