import { describe, expect, it } from 'vitest';
import { browserLanguage, chooseLanguage, intlLocale } from './languages';

describe('choosing the dashboard language', () => {
  it('follows the browser, matching by language, else English', () => {
    expect(browserLanguage(['de-AT', 'en'])).toBe('de');
    expect(browserLanguage(['ja', 'pt-BR', 'fr'])).toBe('pt');
    expect(browserLanguage(['ES'])).toBe('es');
    expect(browserLanguage(['ja', 'zh-CN'])).toBe('en');
    expect(browserLanguage([])).toBe('en');
  });

  it('prefers the choice saved in this browser, unless it is not a language we have', () => {
    expect(chooseLanguage('fr', ['de'])).toBe('fr');
    expect(chooseLanguage('xx', ['de'])).toBe('de');
    expect(chooseLanguage(null, ['es-MX'])).toBe('es');
  });

  it('formats with the browser’s regional variant of the chosen language', () => {
    expect(intlLocale('pt', ['en-US', 'pt-BR'])).toBe('pt-BR');
    expect(intlLocale('de', ['en-GB'])).toBe('de');
    expect(intlLocale('en', ['en-GB', 'de'])).toBe('en-GB');
  });
});
