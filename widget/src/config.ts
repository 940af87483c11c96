export interface EmbedConfig {
  /** Where the API lives: the origin the script itself was loaded from. */
  origin: string;
  siteKey: string;
  /** Panel heading (`data-title`); null: "Chat with us" in the visitor's language. */
  title: string | null;
  /** Accent colour (`data-color`), any CSS colour; checked by the caller with CSS.supports. */
  color: string | null;
  /** `data-chat="off"` embeds forms only, without the chat bubble. */
  chat: boolean;
  /** `data-theme`: "light" (default: most sites are light), "dark", or "auto" (the visitor's system setting). */
  theme: 'light' | 'dark' | 'auto';
  /** `data-locale`: the site's choice of language ("de", "pt-BR"), before the visitor's browser languages. */
  locale: string | null;
}

interface ScriptLike {
  src: string;
  getAttribute(name: string): string | null;
}

/**
 * Reads the embed settings from the widget's own <script> tag. The API origin comes from the script's
 * `src`, so one snippet works on any site without further configuration. Null when the tag is unusable.
 */
export function readEmbedConfig(script: ScriptLike): EmbedConfig | null {
  const siteKey = script.getAttribute('data-site')?.trim();
  if (!siteKey || !script.src) return null;
  let origin: string;
  try {
    const url = new URL(script.src);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    origin = url.origin;
  } catch {
    return null;
  }
  const chat = (script.getAttribute('data-chat') ?? '').trim().toLowerCase();
  return {
    origin,
    siteKey,
    title: script.getAttribute('data-title')?.trim() || null,
    color: script.getAttribute('data-color')?.trim() || null,
    chat: !['off', 'false', 'no', '0'].includes(chat),
    theme: themeOf(script.getAttribute('data-theme')),
    locale: script.getAttribute('data-locale')?.trim() || null,
  };
}

function themeOf(value: string | null): EmbedConfig['theme'] {
  const theme = value?.trim().toLowerCase();
  return theme === 'dark' || theme === 'auto' ? theme : 'light';
}

/** The socket URL for a conversation: same host as the API, ws(s) scheme, token in the query. */
export function socketUrl(origin: string, conversationId: string, token: string): string {
  return `${origin.replace(/^http/, 'ws')}/api/widget/conversations/${encodeURIComponent(conversationId)}/ws?token=${encodeURIComponent(token)}`;
}

/** The page URL to send with a new conversation: http(s) only and short enough for the API (else omitted). */
export function pageUrlOf(href: string): string | undefined {
  return /^https?:\/\//i.test(href) && href.length <= 2000 ? href : undefined;
}
