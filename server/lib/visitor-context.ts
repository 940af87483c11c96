/**
 * What the inbox shows about a visitor's setup, parsed from the request that started the
 * conversation. A small parser for the major browsers and systems (no dependency): anything it
 * does not recognise is null rather than a guess.
 */
export interface VisitorContext {
  /** e.g. "Chrome 120", "Safari 17", "Firefox 121", "Edge 120". */
  browser: string | null;
  /** e.g. "Windows", "macOS", "iOS 17", "Android 14", "Linux". */
  os: string | null;
  /** The first language the browser asks for, e.g. "de-DE". */
  locale: string | null;
}

export function visitorContext(headers: { 'user-agent'?: string; 'accept-language'?: string }): VisitorContext {
  const ua = (headers['user-agent'] ?? '').slice(0, 1000);
  return { browser: browserOf(ua), os: osOf(ua), locale: localeOf(headers['accept-language']) };
}

/** Order matters: Edge, Opera and Samsung Internet also say "Chrome"; Chrome also says "Safari". */
const BROWSERS: [name: string, pattern: RegExp][] = [
  ['Edge', /\b(?:Edg|EdgA|EdgiOS|Edge)\/(\d+)/],
  ['Opera', /\b(?:OPR|OPiOS)\/(\d+)/],
  ['Samsung Internet', /\bSamsungBrowser\/(\d+)/],
  ['Firefox', /\b(?:Firefox|FxiOS)\/(\d+)/],
  ['Chrome', /\b(?:Chrome|CriOS)\/(\d+)/],
  ['Safari', /\bVersion\/(\d+)[\d.]* (?:Mobile\/\S+ )?Safari\//],
];

export function browserOf(ua: string): string | null {
  if (/\bbot\b|crawler|spider/i.test(ua)) return null;
  for (const [name, pattern] of BROWSERS) {
    const match = pattern.exec(ua);
    if (match) return `${name} ${match[1]}`;
  }
  return null;
}

export function osOf(ua: string): string | null {
  let match: RegExpExecArray | null;
  if ((match = /\biPad\b.*? OS (\d+)_/.exec(ua))) return `iPadOS ${match[1]}`;
  if ((match = /\b(?:iPhone|iPod)\b.*? OS (\d+)_/.exec(ua))) return `iOS ${match[1]}`;
  if ((match = /\bAndroid (\d+)/.exec(ua))) return `Android ${match[1]}`;
  if (/\bWindows NT\b/.test(ua)) return 'Windows';
  if (/\bCrOS\b/.test(ua)) return 'ChromeOS';
  if (/\bMac OS X\b|\bMacintosh\b/.test(ua)) return 'macOS';
  if (/\bLinux\b/.test(ua)) return 'Linux';
  return null;
}

/** The first (highest-weighted, as browsers order them) well-formed tag of Accept-Language, in canonical case. */
export function localeOf(header: string | undefined): string | null {
  if (!header) return null;
  const ranked = header.slice(0, 500).split(',').map((part, index) => {
    const [tag = '', ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(p)).find(Boolean);
    return { tag: tag.trim(), q: q ? Number(q[1]) : 1, index };
  });
  const best = ranked
    .filter((r) => r.q > 0 && /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/.test(r.tag))
    .sort((a, b) => b.q - a.q || a.index - b.index)[0];
  if (!best) return null;
  const [language, ...rest] = best.tag.split('-');
  return [language!.toLowerCase(), ...rest.map((p) => (p.length === 2 ? p.toUpperCase() : p.length === 4 ? p[0]!.toUpperCase() + p.slice(1).toLowerCase() : p))]
    .join('-')
    .slice(0, 35);
}
