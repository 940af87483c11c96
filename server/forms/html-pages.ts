import type { FastifyReply } from 'fastify';
import { formFrameAncestors } from '../http/frame-ancestors.js';

/**
 * The small HTML pages a classic (no-JavaScript) form post gets back. Everything interpolated is
 * escaped, and the pages run under a CSP that allows no scripts, so a hostile form name or value
 * cannot execute.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function renderThankYouPage(options: { formName: string; backUrl: string | null }): string {
  return page('Thank you', `
    <h1>Thank you!</h1>
    <p>Your submission of <strong>${escapeHtml(options.formName)}</strong> was received.</p>
    ${backLink(options.backUrl)}`);
}

export function renderProblemPage(options: { title: string; problems: string[]; backUrl: string | null }): string {
  const items = options.problems.map((problem) => `<li>${escapeHtml(problem)}</li>`).join('');
  return page(options.title, `
    <h1>${escapeHtml(options.title)}</h1>
    <ul>${items}</ul>
    ${options.backUrl ? `<p><a href="${escapeHtml(options.backUrl)}">Go back and correct it</a></p>` : '<p>Use your browser’s back button to correct it.</p>'}`);
}

export function sendHtml(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', `default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; ${formFrameAncestors(reply)}`)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store')
    .send(html);
}

function backLink(url: string | null): string {
  return url ? `<p><a href="${escapeHtml(url)}">Back to the page</a></p>` : '';
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}h1{font-size:1.4rem}</style>
</head><body>${body}
</body></html>
`;
}
