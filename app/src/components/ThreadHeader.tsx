import { useState } from 'react';
import { api } from '../api';
import { countryLabel, formatDateTime, languageLabel, safeHref, shortUrl, visitorLabel } from '../format';
import { Link, navigate } from '../router';
import type { ConversationSummary as Conversation } from '../../../shared/schemas/chat';
import { useConfirm } from './ConfirmDialog';
import { useCreateTicket } from './CreateTicketButton';
import { Icon } from './Icon';
import { MenuButton } from './Menu';
import { AssigneePicker } from './TicketPeople';
import { useToast } from './Toasts';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../i18n/errors';

interface Props {
  conversation: Conversation;
  onUpdated: (conversation: Conversation) => void;
  onDeleted: () => void;
}

/** Who the visitor is and where they are, plus the conversation's status, assignee and actions. */
export function ThreadHeader({ conversation, onUpdated, onDeleted }: Props) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [duplicateDialog, createTicket, creating] = useCreateTicket();
  const [confirmElement, confirm] = useConfirm();
  const toast = useToast();
  const resolved = conversation.status === 'resolved';

  const update = async (changes: { status?: 'open' | 'resolved'; assigneeId?: string | null }) => {
    setBusy(true);
    try {
      onUpdated(await api.updateConversation(conversation.id, changes));
      if (changes.status) toast(changes.status === 'resolved' ? t('chat.resolvedToast') : t('chat.reopenedToast'));
    } catch (error) {
      toast(errorMessage(error), 'error');
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    const ok = await confirm({
      title: t('chat.deleteTitle'),
      body: t('chat.deleteBody'),
      confirmLabel: t('chat.deleteConversation'),
      danger: true,
    });
    if (!ok) return;
    try {
      await api.deleteConversation(conversation.id);
      toast(t('chat.deletedToast'));
      onDeleted();
      navigate('/chat');
    } catch (error) {
      toast(errorMessage(error), 'error');
    }
  };

  return (
    <header className="thread-header">
      <div className="thread-top">
        <div className="thread-title">
          <h2>{visitorLabel(conversation.visitor)}</h2>
          {conversation.visitor?.email && conversation.visitor.name && <span className="muted">{conversation.visitor.email}</span>}
        </div>
        <div className="thread-actions">
          <AssigneePicker assignee={conversation.assignee ?? null} onChange={(assigneeId) => update({ assigneeId })} />
          <button
            type="button"
            className={resolved ? 'button' : 'button primary'}
            disabled={busy}
            onClick={() => void update({ status: resolved ? 'open' : 'resolved' })}
          >
            {resolved ? t('chat.reopen') : t('chat.resolve')}
          </button>
          <MenuButton
            label={t('chat.actions')}
            items={[
              { label: creating ? t('chat.creatingTicket') : t('chat.createTicket'), onSelect: () => void createTicket({ conversationId: conversation.id }), disabled: creating },
              { label: t('chat.deleteConversation'), onSelect: remove, danger: true },
            ]}
          />
        </div>
      </div>
      <VisitorContext conversation={conversation} />
      {confirmElement}
      {duplicateDialog}
    </header>
  );
}

function VisitorContext({ conversation }: { conversation: Conversation }) {
  const { t } = useTranslation();
  const visitor = conversation.visitor;
  const pageHref = safeHref(conversation.pageUrl);
  const earlier = visitor?.previousConversations ?? 0;
  return (
    <>
      <h3 className="visually-hidden">{t('chat.visitor.details')}</h3>
      <dl className="thread-meta">
        <div>
          <dt>{t('chat.visitor.page')}</dt>
          <dd>
            {pageHref ? (
              <a href={pageHref} target="_blank" rel="noopener noreferrer" className="page-url" title={conversation.pageUrl ?? undefined}>
                {shortUrl(conversation.pageUrl)}
                <Icon name="external" size={12} />
              </a>
            ) : (
              shortUrl(conversation.pageUrl)
            )}
          </dd>
        </div>
        <div>
          <dt>{t('chat.visitor.country')}</dt>
          <dd className="country">{countryLabel(conversation.country)}</dd>
        </div>
        <div>
          <dt>{t('chat.visitor.browser')}</dt>
          <dd data-testid="visitor-browser">{visitor?.browser && visitor.os ? t('chat.visitor.browserOn', { browser: visitor.browser, os: visitor.os }) : visitor?.browser || visitor?.os || t('common.unknown')}</dd>
        </div>
        <div>
          <dt>{t('chat.visitor.language')}</dt>
          <dd>{languageLabel(visitor?.locale)}</dd>
        </div>
        <div>
          <dt>{t('chat.visitor.started')}</dt>
          <dd>{formatDateTime(conversation.createdAt)}</dd>
        </div>
        {visitor?.email && earlier > 0 && (
          <div>
            <dt>{t('chat.visitor.history')}</dt>
            <dd>
              <Link to={`/chat?status=all&visitorEmail=${encodeURIComponent(visitor.email)}`}>
                {t('chat.visitor.earlier', { count: earlier })}
              </Link>
            </dd>
          </div>
        )}
      </dl>
    </>
  );
}
