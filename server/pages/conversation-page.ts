import { MESSAGE_MAX_LENGTH } from '../../shared/constants.js';
import { describeVisitorTicket } from '../../shared/visitor-tickets.js';
import { escapeHtml as e } from '../forms/html-pages.js';

export interface ConversationPageView {
  conversationId: string;
  teamName: string;
  /** Visitor-presented messages, oldest first (no notes, no teammate emails or ids). */
  messages: { author: 'visitor' | 'owner'; authorName: string | null; body: string; fileNames: string[]; createdAt: string }[];
  tickets: { number: number; title: string; status: string }[];
  /** Mail about this conversation is off (the visitor unsubscribed). */
  mailOff: boolean;
  /** A problem with the last post (shown above the form, the text kept). */
  problem?: { message: string; body: string };
  /** Shown once after a change (e.g. "Emails stopped"). */
  notice?: string;
}

/**
 * The hosted conversation page `/c/{id}`: the visitor reads the thread and replies with a classic form
 * post, without the website and without JavaScript (the CSP allows none). Everything interpolated is
 * escaped; only visitor-presented data is shown.
 */
export function renderConversationPage(view: ConversationPageView): string {
  const base = `/c/${encodeURIComponent(view.conversationId)}`;
  const team = view.teamName || 'the team';
  const tickets = view.tickets.length === 0 ? '' : `<ul class="tickets" aria-label="Your requests">${view.tickets
    .map((ticket) => `<li>${e(describeVisitorTicket(ticket))}<span class="title">${e(ticket.title)}</span></li>`).join('')}</ul>`;
  const messages = view.messages.map((message) => {
    const who = message.author === 'visitor' ? 'You' : message.authorName ?? team;
    const files = message.fileNames.map((name) => `<div class="file">File: ${e(name)}</div>`).join('');
    return `<li class="msg ${message.author}"><div class="meta"><strong>${e(who)}</strong> <time datetime="${e(message.createdAt)}">${e(formatTime(message.createdAt))}</time></div>`
      + `${message.body ? `<div class="body">${e(message.body)}</div>` : ''}${files}</li>`;
  }).join('\n');
  const problem = view.problem ? `<p class="problem" role="alert" id="reply-problem">${e(view.problem.message)}</p>` : '';
  const notice = view.notice ? `<p class="notice" role="status">${e(view.notice)}</p>` : '';
  const mail = view.mailOff
    ? '<p class="small">You will not get emails about this conversation.</p>'
    : `<form method="post" action="${e(base)}/unsubscribe" class="inline"><button type="submit" class="link">Stop emails about this conversation</button></form>`;
  return page(`Conversation with ${team}`, `
    <h1>Conversation with ${e(team)}</h1>
    ${notice}
    ${tickets}
    <ol class="thread" aria-label="Messages">
${messages}
    </ol>
    <form method="post" action="${e(base)}/messages" accept-charset="utf-8" class="reply">
      <label for="reply-body">Your reply</label>
      ${problem}
      <textarea id="reply-body" name="body" rows="4" required maxlength="${MESSAGE_MAX_LENGTH}"${view.problem ? ' aria-describedby="reply-problem"' : ''}>${e(view.problem?.body ?? '')}</textarea>
      <button type="submit">Send</button>
    </form>
    ${mail}`);
}

/** Unknown, expired or already used link (404), in plain words. */
export function renderLinkExpiredPage(): string {
  return page('Link expired', `
    <h1>This link has expired</h1>
    <p>Links in our emails work once and for a limited time. The next reply you get by email brings a fresh link.</p>
    <p>You can also go back to the website where you started the chat: the conversation is still there.</p>`);
}

/** The unsubscribe link's page: a button, because mail scanners follow links but do not press buttons. */
export function renderUnsubscribePage(options: { conversationId: string; token: string; done: boolean }): string {
  if (options.done) {
    return page('Emails stopped', `
    <h1>Emails stopped</h1>
    <p role="status">You will not get more emails about this conversation.</p>`);
  }
  return page('Stop emails', `
    <h1>Stop emails about this conversation?</h1>
    <form method="post" action="/c/${e(encodeURIComponent(options.conversationId))}/unsubscribe">
      <input type="hidden" name="u" value="${e(options.token)}">
      <button type="submit">Stop emails</button>
    </form>`);
}

function formatTime(iso: string): string {
  const date = new Date(iso);
  return `${date.toISOString().slice(0, 10)} ${date.toISOString().slice(11, 16)} UTC`;
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${e(title)}</title>
<style>${STYLE}</style>
</head><body><main>${body}
</main></body></html>
`;
}

const STYLE = [
  ':root{color-scheme:light dark;--bg:#f5f6fa;--card:#fff;--text:#1f2330;--muted:#5d6475;--line:#d5d8e2;--mine:#eef0ff;--accent:#4f46e5;--danger:#b42318}',
  '@media (prefers-color-scheme:dark){:root{--bg:#14151b;--card:#1e2029;--text:#e8e9ef;--muted:#a3a8b8;--line:#3a3d4a;--mine:#2a2b45;--accent:#8b85ff;--danger:#ff8a80}}',
  'body{font:16px/1.5 system-ui,sans-serif;margin:0;color:var(--text);background:var(--bg)}',
  'main{max-width:40rem;margin:2rem auto;padding:1.5rem 2rem;background:var(--card);border-radius:12px;box-shadow:0 1px 4px rgba(0,0,0,.08)}',
  'h1{font-size:1.35rem;margin:0 0 1rem}',
  '.tickets{list-style:none;padding:0;margin:0 0 1rem}.tickets li{padding:.5rem .75rem;border:1px solid var(--line);border-radius:8px;margin:0 0 .5rem;font-weight:600}',
  '.tickets .title{display:block;font-weight:400;color:var(--muted)}',
  '.thread{list-style:none;padding:0;margin:0 0 1.5rem}',
  '.msg{padding:.6rem .8rem;border-radius:10px;margin:0 0 .6rem;border:1px solid var(--line)}.msg.visitor{background:var(--mine)}',
  '.meta{font-size:.85rem;color:var(--muted)}.meta strong{color:var(--text)}',
  '.body{white-space:pre-wrap;overflow-wrap:anywhere}.file{font-size:.9rem;color:var(--muted)}',
  '.reply{display:flex;flex-direction:column;gap:.4rem}',
  'textarea{font:inherit;color:inherit;background:var(--card);padding:.55rem .65rem;border:1px solid var(--line);border-radius:8px}',
  'button{font:inherit;font-weight:600;color:#fff;background:var(--accent);border:0;border-radius:8px;padding:.6rem 1.3rem;cursor:pointer;align-self:flex-start}',
  'button.link{background:none;color:var(--muted);padding:0;font-weight:400;text-decoration:underline;font-size:.9rem}',
  'textarea:focus-visible,button:focus-visible,a:focus-visible{outline:3px solid var(--accent);outline-offset:2px}',
  '.problem{color:var(--danger);margin:0}.notice{padding:.5rem .75rem;border-radius:8px;background:var(--mine)}',
  '.inline{margin-top:1.25rem}.small{font-size:.9rem;color:var(--muted);margin-top:1.25rem}',
  '@media (max-width:480px){main{margin:0;border-radius:0;box-shadow:none;padding:1.25rem}}',
].join('');
