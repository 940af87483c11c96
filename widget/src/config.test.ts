import { describe, expect, it } from 'vitest';
import { pageUrlOf, readEmbedConfig, socketUrl } from './config.js';

const script = (src: string, attributes: Record<string, string>) => ({ src, getAttribute: (name: string) => attributes[name] ?? null });

describe('readEmbedConfig', () => {
  it('takes the API origin from the script’s own src and the site key from data-site', () => {
    expect(readEmbedConfig(script('https://chat.example.com/widget.js?v=2', { 'data-site': ' site_abc ' }))).toEqual({
      origin: 'https://chat.example.com', siteKey: 'site_abc', title: null, color: null, chat: true, theme: 'light', locale: null,
    });
    expect(readEmbedConfig(script('http://127.0.0.1:3000/widget.js', { 'data-site': 'k' }))?.origin).toBe('http://127.0.0.1:3000');
  });

  it('reads the optional title, colour and chat switch', () => {
    const config = readEmbedConfig(script('https://c.example/widget.js', { 'data-site': 'k', 'data-title': 'Talk to Acme', 'data-color': '#0a7', 'data-chat': 'off' }));
    expect(config).toMatchObject({ title: 'Talk to Acme', color: '#0a7', chat: false });
    for (const value of ['false', 'no', '0', 'OFF']) expect(readEmbedConfig(script('https://c.example/w.js', { 'data-site': 'k', 'data-chat': value }))?.chat).toBe(false);
    expect(readEmbedConfig(script('https://c.example/w.js', { 'data-site': 'k', 'data-chat': 'on' }))?.chat).toBe(true);
  });

  it('reads data-theme: light unless the site asks for dark or auto (the visitor’s system setting)', () => {
    const theme = (value?: string) => readEmbedConfig(script('https://c.example/w.js', { 'data-site': 'k', ...(value === undefined ? {} : { 'data-theme': value }) }))?.theme;
    expect([theme(), theme('dark'), theme(' AUTO '), theme('light'), theme('neon')]).toEqual(['light', 'dark', 'auto', 'light', 'light']);
  });

  it('reads data-locale as the site gave it (the choice among languages is i18n.ts’s)', () => {
    const locale = (value?: string) => readEmbedConfig(script('https://c.example/w.js', { 'data-site': 'k', ...(value === undefined ? {} : { 'data-locale': value }) }))?.locale;
    expect([locale(), locale(' de '), locale('pt-BR'), locale('  ')]).toEqual([null, 'de', 'pt-BR', null]);
  });

  it('gives up without a site key or an http(s) src', () => {
    expect(readEmbedConfig(script('https://c.example/widget.js', {}))).toBeNull();
    expect(readEmbedConfig(script('https://c.example/widget.js', { 'data-site': '  ' }))).toBeNull();
    expect(readEmbedConfig(script('', { 'data-site': 'k' }))).toBeNull();
    expect(readEmbedConfig(script('data:text/javascript,1', { 'data-site': 'k' }))).toBeNull();
  });
});

describe('socketUrl and pageUrlOf', () => {
  it('builds the visitor socket URL on the API host with the matching ws scheme', () => {
    expect(socketUrl('https://chat.example.com', 'c1', 'vt/+=')).toBe('wss://chat.example.com/api/widget/conversations/c1/ws?token=vt%2F%2B%3D');
    expect(socketUrl('http://127.0.0.1:3000', 'c 2', 't')).toBe('ws://127.0.0.1:3000/api/widget/conversations/c%202/ws?token=t');
  });

  it('sends the page URL only when the API would accept it', () => {
    expect(pageUrlOf('https://shop.example/pricing?x=1')).toBe('https://shop.example/pricing?x=1');
    expect(pageUrlOf('file:///home/me/test.html')).toBeUndefined();
    expect(pageUrlOf(`https://shop.example/${'a'.repeat(2000)}`)).toBeUndefined();
  });
});
