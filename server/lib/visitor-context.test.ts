import { describe, expect, it } from 'vitest';
import { browserOf, localeOf, osOf, visitorContext } from './visitor-context.js';

const AGENTS: [ua: string, browser: string | null, os: string | null][] = [
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36', 'Chrome 120', 'Windows'],
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.61', 'Edge 120', 'Windows'],
  ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15', 'Safari 17', 'macOS'],
  ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:121.0) Gecko/20100101 Firefox/121.0', 'Firefox 121', 'macOS'],
  ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36 OPR/105.0.0.0', 'Opera 105', 'Linux'],
  ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1.2 Mobile/15E148 Safari/604.1', 'Safari 17', 'iOS 17'],
  ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0.6099.101 Mobile/15E148 Safari/604.1', 'Chrome 120', 'iOS 17'],
  ['Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1', 'Safari 16', 'iPadOS 16'],
  ['Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36', 'Samsung Internet 23', 'Android 14'],
  ['Mozilla/5.0 (Android 13; Mobile; rv:120.0) Gecko/120.0 Firefox/120.0', 'Firefox 120', 'Android 13'],
  ['Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 Safari/537.36', 'Chrome 118', 'ChromeOS'],
  ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', null, null],
  ['curl/8.4.0', null, null],
  ['', null, null],
];

describe('visitor context', () => {
  it.each(AGENTS)('reads %s', (ua, browser, os) => {
    expect(browserOf(ua)).toBe(browser);
    expect(osOf(ua)).toBe(os);
  });

  it('takes the preferred well-formed language of Accept-Language, in canonical case', () => {
    expect(localeOf('de-de,de;q=0.9,en;q=0.8')).toBe('de-DE');
    expect(localeOf('en;q=0.5, fr-CA')).toBe('fr-CA');
    expect(localeOf('zh-hant-tw')).toBe('zh-Hant-TW');
    expect(localeOf('*')).toBeNull();
    expect(localeOf('<script>, x')).toBeNull();
    expect(localeOf('en;q=0')).toBeNull();
    expect(localeOf(undefined)).toBeNull();
    expect(localeOf('')).toBeNull();
  });

  it('combines the headers', () => {
    expect(visitorContext({ 'user-agent': AGENTS[0]![0], 'accept-language': 'pt-BR' })).toEqual({ browser: 'Chrome 120', os: 'Windows', locale: 'pt-BR' });
    expect(visitorContext({})).toEqual({ browser: null, os: null, locale: null });
  });
});
