import { MESSAGE_MAX_LENGTH } from '../../shared/constants.js';
import type { ChatMessage } from './api.js';
import type { ChatSession } from './chat-session.js';
import type { EmbedConfig } from './config.js';
import { adoptStyles, h } from './dom.js';
import type { PendingMessage } from './messages.js';
import { CHAT_CSS } from './styles.js';

const SVG = 'http://www.w3.org/2000/svg';
// Loose on purpose (the server has the final word); catches typos like a missing "@".
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The chat bubble and its panel, in a Shadow DOM attached to a host element at the end of <body>.
 * All message text goes in through text nodes. Keyboard: the bubble is a button (aria-expanded),
 * Esc closes the panel and returns focus to the bubble, opening focuses the message box, and new
 * messages are announced through the log's live region.
 */
export function mountChat(config: EmbedConfig, session: ChatSession): void {
  const host = document.createElement('floatmessage-chat');
  if (config.color && typeof CSS !== 'undefined' && CSS.supports('color', config.color)) host.style.setProperty('--fm-accent', config.color);
  const root = host.attachShadow({ mode: 'open' });
  adoptStyles(root, CHAT_CSS);

  const badge = h('span', { class: 'badge', 'aria-hidden': 'true', hidden: true });
  const bubble = h('button', { type: 'button', class: 'bubble', 'aria-controls': 'fm-panel', 'aria-expanded': 'false' }, chatIcon(), badge);
  const close = h('button', { type: 'button', class: 'close', 'aria-label': 'Close chat' }, '×');
  const status = h('p', { class: 'status', role: 'status' });
  const empty = h('p', { class: 'empty' }, 'Send us a message and we’ll reply right here.');
  const log = h('ol', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': 'Messages' });
  const nameInput = h('input', { name: 'name', autocomplete: 'name', maxlength: 100 });
  const emailInput = h('input', { name: 'email', type: 'email', autocomplete: 'email', maxlength: 254 });
  const intro = h('div', { class: 'intro' }, h('label', {}, 'Name (optional)', nameInput), h('label', {}, 'Email (optional)', emailInput));
  const error = h('p', { class: 'error', role: 'alert' });
  const text = h('textarea', { rows: 2, maxlength: MESSAGE_MAX_LENGTH, placeholder: 'Write a message…', 'aria-label': 'Message' });
  const form = h('form', { class: 'compose' }, intro, error, h('div', { class: 'row' }, text, h('button', { type: 'submit', class: 'send' }, 'Send')));
  const panel = h('section', { id: 'fm-panel', class: 'panel', role: 'dialog', 'aria-labelledby': 'fm-title', hidden: true },
    h('header', {}, h('h2', { id: 'fm-title' }, config.title), close), status, empty, log, form);
  const frame = h('div', { class: 'fm' }, panel, bubble);
  root.append(frame);
  document.body.append(host);

  let open = false;
  const setOpen = (next: boolean) => {
    open = next;
    panel.hidden = !next;
    frame.classList.toggle('open', next);
    if (next) session.markSeen();
    render();
    if (next) {
      log.scrollTop = log.scrollHeight;
      text.focus();
    } else {
      bubble.focus();
    }
  };
  bubble.addEventListener('click', () => setOpen(!open));
  close.addEventListener('click', () => setOpen(false));
  root.addEventListener('keydown', (event) => {
    if ((event as KeyboardEvent).key === 'Escape' && open) {
      event.stopPropagation();
      setOpen(false);
    }
  });

  const submit = () => {
    const body = text.value;
    if (!body.trim()) return;
    const name = nameInput.value.trim();
    const email = emailInput.value.trim();
    if (!intro.hidden && email && !EMAIL.test(email)) {
      error.textContent = 'Please check your email address, or leave it empty.';
      emailInput.focus();
      return;
    }
    error.textContent = '';
    session.send(body, { ...(name ? { name } : {}), ...(email ? { email } : {}) });
    text.value = '';
    text.focus();
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
  });
  text.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    }
  });
  session.onRejected = (body, failure) => {
    if (!text.value) text.value = body;
    error.textContent = `Your message was not sent: ${failure.message}`;
  };

  const nodes = new Map<string, HTMLLIElement>();
  const render = () => {
    const state = session.state;
    const atEnd = log.scrollHeight - log.scrollTop - log.clientHeight < 60;
    const entries: [string, () => HTMLLIElement, ((node: HTMLLIElement) => void)?][] = [
      ...state.messages.map((m): [string, () => HTMLLIElement] => [`m${m.id}`, () => messageNode(m)]),
      ...state.pending.map((p): [string, () => HTMLLIElement, (node: HTMLLIElement) => void] => [
        `p${p.key}`,
        () => pendingNode(p),
        (node) => (node.lastChild!.textContent = state.waiting ? 'Waiting for the connection…' : 'Sending…'),
      ]),
    ];
    syncList(log, nodes, entries);
    if (atEnd) log.scrollTop = log.scrollHeight;

    empty.hidden = entries.length > 0;
    intro.hidden = state.hasConversation || state.pending.length > 0;
    status.textContent = state.waiting
      ? 'You are offline. Your messages will be sent when the connection is back.'
      : state.connection === 'offline' ? 'Reconnecting…' : '';
    const unread = open ? 0 : state.unread;
    badge.hidden = unread === 0;
    badge.textContent = unread > 9 ? '9+' : String(unread);
    bubble.setAttribute('aria-expanded', String(open));
    bubble.setAttribute('aria-label', open ? 'Close chat' : unread ? `Open chat, ${unread} new ${unread === 1 ? 'reply' : 'replies'}` : 'Open chat');
  };
  session.subscribe(() => {
    if (open) session.markSeen();
    render();
  });
  render();
}

/**
 * Puts `entries` into `list` in order, reusing the node already made for each key, so existing
 * messages are never re-added (which would make screen readers announce them again).
 */
function syncList(list: HTMLElement, nodes: Map<string, HTMLLIElement>, entries: [string, () => HTMLLIElement, ((node: HTMLLIElement) => void)?][]) {
  const wanted = new Set(entries.map(([key]) => key));
  for (const [key, node] of nodes) {
    if (!wanted.has(key)) {
      node.remove();
      nodes.delete(key);
    }
  }
  let cursor = list.firstChild;
  for (const [key, create, update] of entries) {
    let node = nodes.get(key);
    if (!node) nodes.set(key, (node = create()));
    update?.(node);
    if (node === cursor) cursor = cursor.nextSibling;
    else list.insertBefore(node, cursor);
  }
}

function messageNode(message: ChatMessage): HTMLLIElement {
  const time = new Date(message.createdAt);
  return h('li', { class: `msg ${message.author}` },
    h('span', { class: 'sr' }, message.author === 'owner' ? 'Reply: ' : 'You: '),
    h('p', {}, message.body),
    h('time', { class: 'meta', datetime: message.createdAt }, time.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })));
}

function pendingNode(pending: PendingMessage): HTMLLIElement {
  return h('li', { class: 'msg visitor pending' }, h('span', { class: 'sr' }, 'You: '), h('p', {}, pending.body), h('span', { class: 'meta' }, 'Sending…'));
}

function chatIcon(): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('fill', 'currentColor');
  path.setAttribute('d', 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z');
  svg.append(path);
  return svg;
}
