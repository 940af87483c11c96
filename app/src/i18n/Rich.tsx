import { Fragment, type ReactNode } from 'react';

export type RichPart = { text: string } | { tag: string; text: string };

/**
 * Splits a translated string with `<name>…</name>` markers into plain and tagged parts. Only the
 * names given count as tags (anything else, such as a literal "</body>", stays text), tags do not
 * nest, and nothing is parsed as HTML: translators move the markers, the code decides what they are.
 */
export function splitRich(text: string, names: readonly string[]): RichPart[] {
  const parts: RichPart[] = [];
  if (names.length === 0) return [{ text }];
  const pattern = new RegExp(`<(${names.map(escapeRegExp).join('|')})>([\\s\\S]*?)</\\1>`, 'g');
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) parts.push({ text: text.slice(last, match.index) });
    parts.push({ tag: match[1]!, text: match[2]! });
    last = match.index + match[0].length;
  }
  if (last < text.length || parts.length === 0) parts.push({ text: text.slice(last) });
  return parts;
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A translated string with embedded links or markup:
 * `<Rich text={t('settings.tokensHelp')} tags={{ docs: (c) => <a href="/docs">{c}</a> }} />`.
 */
export function Rich({ text, tags }: { text: string; tags: Record<string, (children: string) => ReactNode> }) {
  return (
    <>
      {splitRich(text, Object.keys(tags)).map((part, i) => (
        <Fragment key={i}>{'tag' in part ? tags[part.tag]!(part.text) : part.text}</Fragment>
      ))}
    </>
  );
}
