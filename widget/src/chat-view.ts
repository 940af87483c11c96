import { MESSAGE_MAX_LENGTH } from '../../shared/constants.js';
import type { Api, ChatMessage } from './api.js';
import type { ChatSession, ChatState, UploadState } from './chat-session.js';
import type { EmbedConfig } from './config.js';
import { adoptStyles, h } from './dom.js';
import { ACCEPT } from './files.js';
import { currentLocale, formatTime, plural, t } from './i18n.js';
import { viewOf, type PendingMessage } from './messages.js';
import { CHAT_CSS } from './styles.js';
import { AWAY_CSS, mountAway } from './away-view.js';
import { typingText } from './typing.js';
import { ticketLine } from './tickets.js';

const SVG = 'http://www.w3.org/2000/svg';
// Loose on purpose (the server has the final word); catches typos like a missing "@".
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The chat bubble and its panel, in a Shadow DOM attached to a host element at the end of <body>.
 * All message text goes in through text nodes. Keyboard: the bubble is a button (aria-expanded),
 * Esc closes the panel and returns focus to the bubble, opening focuses the message box, and new
 * messages are announced through the log's live region.
 */
export function mountChat(config: EmbedConfig, session: ChatSession, api?: Api): void {
  const host = document.createElement('floatmessage-chat');
  if (config.color && typeof CSS !== 'undefined' && CSS.supports('color', config.color)) host.style.setProperty('--fm-accent', config.color);
  const root = host.attachShadow({ mode: 'open' });
  adoptStyles(root, CHAT_CSS + AWAY_CSS);
  // Online/away state and the email prompt (away-view.ts); without an api (tests of the chat alone) none.
  const away = api ? mountAway(api, config.siteKey, session) : null;

  const badge = h('span', { class: 'badge', 'aria-hidden': 'true', hidden: true });
  const bubble = h('button', { type: 'button', class: 'bubble', 'aria-controls': 'fm-panel', 'aria-expanded': 'false' }, icon(CHAT), badge);
  const close = h('button', { type: 'button', class: 'close', 'aria-label': t('close') }, '×');
  const status = h('p', { class: 'status', role: 'status' });
  const empty = h('p', { class: 'empty' }, t('empty'));
  // The list keeps list semantics (its <li>s stay list items); the live region is the box around it.
  const list = h('ol', { class: 'list' });
  const log = h('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': t('log') }, list);
  // Visible tickets: a polite live region, so a status change is announced once.
  const tickets = h('ul', { class: 'tickets', 'aria-label': t('requests'), 'aria-live': 'polite', hidden: true });
  const nameInput = h('input', { name: 'name', autocomplete: 'name', maxlength: 100 });
  const emailInput = h('input', { name: 'email', type: 'email', autocomplete: 'email', maxlength: 254 });
  const intro = h('div', { class: 'intro' }, h('label', {}, t('nameOpt'), nameInput), h('label', {}, t('emailOpt'), emailInput));
  const error = h('p', { class: 'error', role: 'alert' });
  const text = h('textarea', { rows: 2, maxlength: MESSAGE_MAX_LENGTH, placeholder: t('write'), 'aria-label': t('message') });
  // Not `disabled` before the first message: it stays focusable and a click says why it does nothing yet.
  const attach = h('button', { type: 'button', class: 'attach', 'aria-label': t('attach') }, icon(CLIP));
  // Visually hidden rather than display:none, which some Safari versions refuse to open a picker for.
  const picker = h('input', { type: 'file', accept: ACCEPT, multiple: true, class: 'sr', tabindex: -1, 'aria-hidden': 'true' });
  const typing = h('p', { class: 'typing', role: 'status' });
  const form = h('form', { class: 'compose' }, intro, error, h('div', { class: 'row' }, attach, picker, text, h('button', { type: 'submit', class: 'send' }, t('send'))));
  const panel = h('section', { id: 'fm-panel', class: 'panel', role: 'dialog', 'aria-labelledby': 'fm-title', hidden: true },
    h('div', { class: 'head' }, h('div', { class: 'titles' }, h('h2', { id: 'fm-title' }, config.title ?? t('title')), away?.presence), close), status, away?.banner, tickets, empty, log, typing, away?.prompt, form);
  // lang: screen readers pronounce the widget's text in its language, whatever the page's own lang says.
  const frame = h('div', { class: `fm t-${config.theme}`, lang: currentLocale().tag }, panel, bubble);
  root.append(frame);
  document.body.append(host);
  raiseToTopLayer(frame);

  let open = false;
  const setOpen = (next: boolean) => {
    open = next;
    panel.hidden = !next;
    frame.classList.toggle('open', next);
    if (next) session.markSeen();
    if (next) away?.refresh();
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
      error.textContent = t('emailOrEmpty');
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
  text.addEventListener('input', () => {
    if (text.value.trim()) session.typing();
  });

  const attachFiles = (files: Iterable<File>) => {
    const problems = new Set<string>();
    for (const file of files) {
      const problem = session.attach(file);
      if (problem) problems.add(problem);
    }
    error.textContent = [...problems].join(' ');
  };
  attach.addEventListener('click', () => {
    if (session.state.hasConversation) picker.click();
    else error.textContent = t('noFilesYet');
  });
  picker.addEventListener('change', () => {
    attachFiles(picker.files ?? []);
    picker.value = '';
  });
  const carriesFiles = (event: DragEvent) => !!event.dataTransfer?.types.includes('Files');
  const dragOver = (event: DragEvent) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    panel.classList.add('drop');
  };
  panel.addEventListener('dragenter', dragOver);
  panel.addEventListener('dragover', dragOver);
  panel.addEventListener('dragleave', (event) => {
    if (!panel.contains(event.relatedTarget as Node | null)) panel.classList.remove('drop');
  });
  panel.addEventListener('drop', (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    panel.classList.remove('drop');
    attachFiles(event.dataTransfer?.files ?? []);
  });
  session.onUploadRejected = (reason) => {
    error.textContent = reason;
  };
  session.onRejected = (body, failure) => {
    if (!text.value) text.value = body;
    error.textContent = t('notSent', { reason: failure.message });
  };

  // Thumbnails load after their message is placed and make the log taller: stay at the end if we were there.
  let stick = true;
  log.addEventListener('scroll', () => (stick = log.scrollHeight - log.scrollTop - log.clientHeight < 60));
  log.addEventListener('load', () => stick && (log.scrollTop = log.scrollHeight), true);

  const nodes = new Map<string, HTMLLIElement>();
  const render = () => {
    const state = session.state;
    const atEnd = log.scrollHeight - log.scrollTop - log.clientHeight < 60;
    const entries: [string, () => HTMLLIElement, ((node: HTMLLIElement) => void)?][] = [
      ...state.messages.map((m): [string, () => HTMLLIElement] => [`m${m.id}`, () => messageNode(m, config.origin, session.token)]),
      ...state.pending.map((p): [string, () => HTMLLIElement, (node: HTMLLIElement) => void] => [
        `p${p.key}`,
        () => pendingNode(p),
        (node) => (node.lastChild!.textContent = t(state.waiting ? 'waiting' : 'sending')),
      ]),
      ...state.uploads.map((u): [string, () => HTMLLIElement, (node: HTMLLIElement) => void] => [`u${u.key}`, () => uploadNode(u), (node) => updateUpload(node, u)]),
    ];
    syncList(list, nodes, entries);
    if (atEnd) log.scrollTop = log.scrollHeight;
    renderTickets(tickets, state.tickets);

    empty.hidden = entries.length > 0;
    // Text changes only when who is typing changes, so the live region speaks once, not every frame.
    const typingNow = typingText(state.typing);
    if (typing.textContent !== typingNow) typing.textContent = typingNow;
    attach.setAttribute('aria-disabled', String(!state.hasConversation));
    if (state.hasConversation) attach.removeAttribute('title');
    else attach.title = t('noFilesYet');
    intro.hidden = state.hasConversation || state.pending.length > 0;
    status.textContent = state.waiting ? t('offline') : state.connection === 'offline' ? t('reconnecting') : '';
    const unread = open ? 0 : state.unread;
    badge.hidden = unread === 0;
    badge.textContent = unread > 9 ? '9+' : String(unread);
    away?.render();
    bubble.setAttribute('aria-expanded', String(open));
    bubble.setAttribute('aria-label', open ? t('close') : unread ? plural('open', unread) : t('open'));
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

/**
 * Sites put fixed headers and consent banners at the maximum z-index too, and a tie goes to whatever
 * comes later in the page. A manual popover lives in the browser's top layer, above every z-index,
 * so the bubble and panel stay clickable whatever the page does (older browsers keep the z-index).
 */
function raiseToTopLayer(frame: HTMLElement): void {
  if (typeof frame.showPopover !== 'function') return;
  try {
    frame.setAttribute('popover', 'manual');
    frame.showPopover();
  } catch {
    frame.removeAttribute('popover');
  }
}

/** One line per visible ticket; only lines whose text changed are touched (the live region speaks once). */
function renderTickets(list: HTMLElement, items: ChatState['tickets']): void {
  list.hidden = items.length === 0;
  const lines = items.map((ticket) => [ticketLine(ticket), ticket.title] as const);
  while (list.children.length > lines.length) list.lastElementChild!.remove();
  lines.forEach(([line, title], index) => {
    let item = list.children[index] as HTMLLIElement | undefined;
    if (!item) list.append((item = h('li', {}, h('strong', {}), h('span', { class: 'title' }))));
    if (item.firstChild!.textContent !== line) item.firstChild!.textContent = line;
    if (item.lastChild!.textContent !== title) item.lastChild!.textContent = title;
  });
}

function messageNode(message: ChatMessage, origin: string, token: string): HTMLLIElement {
  const view = viewOf(message, origin, token);
  const time = new Date(message.createdAt);
  return h('li', { class: `msg ${message.author}` },
    view.name && h('span', { class: 'who' }, view.name),
    view.label && h('span', { class: 'sr' }, view.label),
    view.body && h('p', {}, view.body),
    ...view.attachments.map((file) =>
      h('a', { class: file.thumbnail ? 'thumb' : 'file', href: file.href, target: '_blank', rel: 'noopener noreferrer' },
        ...(file.thumbnail
          ? [h('img', { src: file.thumbnail, alt: file.filename })]
          : [icon(DOC), h('span', { class: 'name' }, file.filename), h('span', { class: 'size' }, file.size)]))),
    h('time', { class: 'meta', datetime: message.createdAt }, formatTime(time)));
}

/** A file being sent: progress goes through <progress> (an attribute), never re-announced text. */
function uploadNode(upload: UploadState): HTMLLIElement {
  return h('li', { class: 'msg visitor pending' }, h('span', { class: 'sr' }, t('you')), h('p', {}, upload.name),
    h('progress', { max: 100, value: 0, 'aria-label': t('sendingFile', { name: upload.name }) }), h('span', { class: 'meta' }, t('sending')));
}

function updateUpload(node: HTMLLIElement, upload: UploadState): void {
  node.querySelector('progress')!.value = Math.round(upload.progress * 100);
  const meta = t(upload.waiting ? 'waiting' : 'sending');
  if (node.lastChild!.textContent !== meta) node.lastChild!.textContent = meta;
}

function pendingNode(pending: PendingMessage): HTMLLIElement {
  return h('li', { class: 'msg visitor pending' }, h('span', { class: 'sr' }, t('you')), h('p', {}, pending.body), h('span', { class: 'meta' }, t('sending')));
}

const CHAT = 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z';
const CLIP = 'M16.5 6.5v10a4.5 4.5 0 0 1-9 0V5a3 3 0 0 1 6 0v10.5a1.5 1.5 0 0 1-3 0V6.5H9v9a3 3 0 0 0 6 0V5a4.5 4.5 0 0 0-9 0v11.5a6 6 0 0 0 12 0v-10z';
const DOC = 'M6 2h8l6 6v12a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V4a2 2 0 0 1 2-2zm7 1.5V9h5.5z';

function icon(d: string): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('fill', 'currentColor');
  path.setAttribute('d', d);
  svg.append(path);
  return svg;
}
