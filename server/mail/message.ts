import { escapeHtml } from '../forms/html-pages.js';

/** A recipient: the display name is optional and may be any Unicode (nodemailer encodes it, RFC 2047). */
export interface MailAddress {
  name?: string;
  address: string;
}

/**
 * One outgoing message, whatever it is about (invite, password reset, later digests and visitor
 * follow-ups): every mail has a plain-text and an HTML part. `kind` only names it in logs.
 */
export interface MailMessage {
  kind: string;
  to: MailAddress;
  subject: string;
  text: string;
  html: string;
  /** An https/http unsubscribe URL: sent as List-Unsubscribe with RFC 8058 one-click POST. */
  unsubscribeUrl?: string;
}

/** The building blocks of a mail body; rendered once as text and once as escaped HTML. */
export type MailBlock =
  | { paragraph: string }
  | { button: { label: string; url: string } }
  | { note: string }
  /** A small plain link (e.g. unsubscribe): the label, then the URL. */
  | { link: { label: string; url: string } }
  /** Someone's words (a chat reply): who, then the text with its line breaks kept. */
  | { quote: { who: string; body: string } };

/**
 * Renders blocks into both parts. In the text part a button is its label and the URL on its own
 * line (mail clients make it clickable); in the HTML part everything interpolated is escaped.
 */
export function renderMail(blocks: MailBlock[]): { text: string; html: string } {
  const text = blocks.map((block) => {
    if ('paragraph' in block) return block.paragraph;
    if ('note' in block) return block.note;
    if ('link' in block) return `${block.link.label}: ${block.link.url}`;
    if ('quote' in block) return `${block.quote.who}:\n${block.quote.body.split('\n').map((line) => `> ${line}`).join('\n')}`;
    return `${block.button.label}:\n${block.button.url}`;
  }).join('\n\n');
  const body = blocks.map((block) => {
    if ('paragraph' in block) return `<p style="margin:0 0 16px">${escapeHtml(block.paragraph)}</p>`;
    if ('note' in block) return `<p style="margin:0 0 16px;color:#6b6b80;font-size:13px">${escapeHtml(block.note)}</p>`;
    if ('quote' in block) {
      return `<p style="margin:0 0 4px;font-weight:600">${escapeHtml(block.quote.who)}</p>`
        + `<blockquote style="margin:0 0 16px;padding:8px 12px;border-left:3px solid #5b5bd6;background:#f5f5fa;white-space:pre-wrap">${escapeHtml(block.quote.body)}</blockquote>`;
    }
    if ('link' in block) return `<p style="margin:0 0 16px;font-size:13px"><a href="${escapeHtml(block.link.url)}" style="color:#6b6b80">${escapeHtml(block.link.label)}</a></p>`;
    const url = escapeHtml(block.button.url);
    return `<p style="margin:0 0 16px"><a href="${url}" style="display:inline-block;padding:10px 18px;border-radius:6px;background:#5b5bd6;color:#ffffff;text-decoration:none;font-weight:600">${escapeHtml(block.button.label)}</a></p>`
      + `<p style="margin:0 0 16px;color:#6b6b80;font-size:13px;word-break:break-all">${url}</p>`;
  }).join('\n');
  const html = `<!doctype html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head>
<body style="margin:0;padding:24px;background:#f5f5fa;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#1c1c28">
<div style="max-width:560px;margin:0 auto;padding:24px;background:#ffffff;border-radius:8px">
${body}
</div></body></html>`;
  return { text, html };
}

/** Header values never carry line breaks (nodemailer folds long ones itself). */
export function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}
