import { useState, type ReactNode } from 'react';
import { api } from '../api';
import { allDone, firstRunSteps, type FirstRunStep } from '../first-run';
import { useDebouncedCallback, useResource } from '../hooks';
import { useLiveEvents } from '../live';
import { Link } from '../router';
import { useTranslation } from 'react-i18next';
import { Rich } from '../i18n/Rich';

const HIDDEN_KEY = 'fm.firstRun.hidden';

/**
 * The first-run checklist at the top of the chat list: shown until the widget is on the owner's
 * site, a first conversation and a first ticket exist (or the user hides it in this browser).
 * It follows live events, so a step ticks as soon as it happens.
 */
export function GettingStarted() {
  const { t } = useTranslation();
  const [hidden, setHidden] = useState(readHidden);
  const facts = useResource(async () => {
    const [conversations, tickets] = await Promise.all([
      api.listConversations({ status: 'all', assignee: null, visitorEmail: null }),
      api.listTickets({ status: 'all', q: '' }),
    ]);
    return firstRunSteps({ conversationPages: conversations.items.map((c) => c.pageUrl), ticketCount: tickets.items.length, origin: window.location.origin });
  }, []);
  const refresh = useDebouncedCallback(facts.reload, 500);
  useLiveEvents((event) => {
    if (event.type === 'conversation.created' || event.type === 'ticket.created') refresh();
  });

  if (hidden || !facts.data || allDone(facts.data)) return null;
  const done = (id: FirstRunStep['id']) => facts.data!.find((step) => step.id === id)!.done;
  const hide = () => {
    setHidden(true);
    try {
      localStorage.setItem(HIDDEN_KEY, '1');
    } catch {
      // Storage disabled: hidden until the next load.
    }
  };
  return (
    <section className="first-run" aria-labelledby="first-run-title">
      <div className="first-run-header">
        <h2 id="first-run-title">{t('firstRun.title')}</h2>
        <button type="button" className="link-button small" onClick={hide}>
          {t('firstRun.hide')}
        </button>
      </div>
      <ol className="checklist">
        <Step done={done('widget')} title={t('firstRun.widget.title')}>
          <Rich text={t('firstRun.widget.body')} tags={{ settings: (c) => <Link to="/settings">{c}</Link> }} />
        </Step>
        <Step done={done('conversation')} title={t('firstRun.conversation.title')}>
          <Rich text={t('firstRun.conversation.body')} tags={{ demo: (c) => <a href="/demo">{c}</a> }} />
        </Step>
        <Step done={done('ticket')} title={t('firstRun.ticket.title')}>
          <Rich
            text={t('firstRun.ticket.body', { action: t('chat.createTicket'), plus: t('tickets.plusTicket') })}
            tags={{ form: (c) => <Link to="/forms/new">{c}</Link> }}
          />
        </Step>
      </ol>
    </section>
  );
}

function Step({ done, title, children }: { done: boolean; title: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <li className={done ? 'done' : undefined}>
      <span className="check" aria-hidden="true">{done ? '✓' : ''}</span>
      <span>
        <strong>{title}</strong>
        <span className="visually-hidden">{done ? t('firstRun.done') : t('firstRun.todo')}</span>
        <span className="block muted small">{children}</span>
      </span>
    </li>
  );
}

function readHidden(): boolean {
  try {
    return localStorage.getItem(HIDDEN_KEY) === '1';
  } catch {
    return false;
  }
}
