import { ApiError, type Api, type WidgetConfig } from './api.js';
import { replyText, shouldAskEmail } from './away.js';
import type { ChatSession } from './chat-session.js';
import { h } from './dom.js';
import { t } from './i18n.js';

// Loose on purpose (the server has the final word), as in the chat's intro fields.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** The config is asked for on open, at most this often (it is public and rate-limited per IP). */
const REFRESH_MS = 30_000;

export const AWAY_CSS = `
.titles{flex:1;min-width:0}
.presence{margin:2px 0 0;font-size:12px;font-weight:400;opacity:.92;display:flex;align-items:center;gap:6px}
.dot{width:8px;height:8px;border-radius:50%;background:#c5c9d6}
.presence.on .dot{background:#3ccf6e}
.away{margin:0;padding:10px 16px;background:var(--soft);color:var(--fg);font-size:13px;border-bottom:1px solid var(--line)}
.away p{margin:0}
.away .msg-away{margin-bottom:4px;white-space:pre-wrap;overflow-wrap:anywhere}
.ask{margin:0 12px 8px;padding:10px 12px;border:1px solid var(--line);border-radius:10px;background:var(--bg);color:var(--fg);display:flex;flex-direction:column;gap:6px;font-size:13px}
.ask .fields{display:grid;grid-template-columns:1fr 1fr;gap:6px}
.ask label{display:flex;flex-direction:column;gap:2px;color:var(--muted);font-size:12px}
.ask .btns{display:flex;gap:8px}
.ask button{border:0;border-radius:8px;padding:.45em .9em;cursor:pointer;font-weight:600}
.ask .save{background:var(--fm-accent,#4f46e5);color:#fff}
.ask .later{background:transparent;color:var(--muted)}
.thanks{margin:0 16px 8px;font-size:13px;color:var(--fg)}
.thanks:empty{display:none}
`;

export interface AwayParts {
  /** Under the panel title: "Online" / "Away". */
  presence: HTMLElement;
  /** The away message and when to expect a reply. */
  banner: HTMLElement;
  /** The inline email prompt and its confirmation. */
  prompt: HTMLElement;
  /** Ask the server again (on open); `force` skips the throttle (the conversation just started). */
  refresh(force?: boolean): void;
  render(): void;
}

/**
 * The widget's online/away state: fetched from `GET /api/widget/{siteKey}/config` when the panel
 * opens (and once more when the first message has created the conversation, so an email given in
 * the intro fields is known). While away it shows the away message and when a reply is likely, and
 * after the visitor's first message asks inline for their email (and name), stored with PATCH.
 */
export function mountAway(api: Api, siteKey: string, session: ChatSession): AwayParts {
  let config: WidgetConfig | null = null;
  let fetchedAt = 0;
  let settled = false;
  let hadConversation = session.state.hasConversation;

  const presenceText = h('span', {});
  const presence = h('p', { class: 'presence', hidden: true }, h('span', { class: 'dot', 'aria-hidden': 'true' }), presenceText);
  const awayText = h('p', { class: 'msg-away' });
  const replyLine = h('p', {});
  const banner = h('div', { class: 'away', hidden: true }, awayText, replyLine);

  const nameInput = h('input', { name: 'name', autocomplete: 'name', maxlength: 100 });
  const emailInput = h('input', { name: 'email', type: 'email', autocomplete: 'email', maxlength: 254, required: true });
  const error = h('p', { class: 'error', role: 'alert' });
  const later = h('button', { type: 'button', class: 'later' }, t('notNow'));
  // novalidate: our own message (role=alert) rather than the browser's bubble.
  const form = h('form', { class: 'ask', 'aria-label': t('askLabel'), novalidate: true },
    h('p', {}, t('ask')),
    h('div', { class: 'fields' }, h('label', {}, t('yourName'), nameInput), h('label', {}, t('yourEmail'), emailInput)),
    error,
    h('div', { class: 'btns' }, h('button', { type: 'submit', class: 'save' }, t('save')), later));
  const thanks = h('p', { class: 'thanks', role: 'status' });
  // The form is in the document only while shown (no second set of hidden name/email fields).
  const prompt = h('div', {}, thanks);

  const render = () => {
    const state = session.state;
    if (state.hasConversation && !hadConversation) {
      // The first message just made the conversation: whether it still needs an email (the intro
      // fields may have had one) is the server's answer; ask nothing until it comes.
      if (config) config = { ...config, askEmail: false };
      refresh(true);
    }
    hadConversation = state.hasConversation;
    presence.hidden = !config;
    banner.hidden = !config || config.online;
    if (config) {
      presence.classList.toggle('on', config.online);
      presenceText.textContent = t(config.online ? 'online' : 'away');
      awayText.textContent = config.awayMessage ?? '';
      awayText.hidden = !config.awayMessage;
      replyLine.textContent = replyText(config, Date.now());
    }
    const ask = shouldAskEmail({ config, hasConversation: state.hasConversation, visitorSpoke: state.messages.some((m) => m.author === 'visitor'), settled });
    if (ask && !form.isConnected) prompt.prepend(form);
    else if (!ask) form.remove();
  };

  const refresh = (force = false) => {
    if (!force && Date.now() - fetchedAt < REFRESH_MS) return;
    fetchedAt = Date.now();
    api.getConfig(siteKey, session.current ?? undefined).then((answer) => {
      config = answer;
      render();
    }, () => {
      // No answer: the widget works as before, without an online/away state.
      fetchedAt = 0;
    });
  };

  later.addEventListener('click', () => {
    settled = true;
    render();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const email = emailInput.value.trim();
    const name = nameInput.value.trim();
    const current = session.current;
    if (!EMAIL.test(email)) {
      error.textContent = t('checkEmail');
      emailInput.focus();
      return;
    }
    if (!current) return;
    error.textContent = '';
    api.updateContact(current.id, current.token, { email, ...(name ? { name } : {}) }).then(() => {
      settled = true;
      thanks.textContent = t('thanks', { email });
      render();
    }, (failure: unknown) => {
      error.textContent = failure instanceof ApiError && failure.status === 422 ? t('checkEmail') : t('saveFailed');
    });
  });

  return { presence, banner, prompt, refresh, render };
}
