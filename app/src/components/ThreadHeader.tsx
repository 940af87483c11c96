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

interface Props {
  conversation: Conversation;
  onUpdated: (conversation: Conversation) => void;
  onDeleted: () => void;
}

/** Who the visitor is and where they are, plus the conversation's status, assignee and actions. */
export function ThreadHeader({ conversation, onUpdated, onDeleted }: Props) {
  const [busy, setBusy] = useState(false);
  const [duplicateDialog, createTicket, creating] = useCreateTicket();
  const [confirmElement, confirm] = useConfirm();
  const toast = useToast();
  const resolved = conversation.status === 'resolved';

  const update = async (changes: { status?: 'open' | 'resolved'; assigneeId?: string | null }) => {
    setBusy(true);
    try {
      onUpdated(await api.updateConversation(conversation.id, changes));
      if (changes.status) toast(changes.status === 'resolved' ? 'Conversation resolved' : 'Conversation reopened');
    } catch (error) {
      toast((error as Error).message, 'error');
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    const ok = await confirm({
      title: 'Delete this conversation?',
      body: 'Its messages are deleted for good. Tickets made from it stay, marked “source deleted”.',
      confirmLabel: 'Delete conversation',
      danger: true,
    });
    if (!ok) return;
    try {
      await api.deleteConversation(conversation.id);
      toast('Conversation deleted');
      onDeleted();
      navigate('/chat');
    } catch (error) {
      toast((error as Error).message, 'error');
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
            {resolved ? 'Reopen' : 'Resolve'}
          </button>
          <MenuButton
            label="Conversation actions"
            items={[
              { label: creating ? 'Creating ticket…' : 'Create Ticket', onSelect: () => void createTicket({ conversationId: conversation.id }), disabled: creating },
              { label: 'Delete conversation', onSelect: remove, danger: true },
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
  const visitor = conversation.visitor;
  const pageHref = safeHref(conversation.pageUrl);
  const earlier = visitor?.previousConversations ?? 0;
  return (
    <>
      <h3 className="visually-hidden">Visitor details</h3>
      <dl className="thread-meta">
        <div>
          <dt>Page</dt>
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
          <dt>Country</dt>
          <dd className="country">{countryLabel(conversation.country)}</dd>
        </div>
        <div>
          <dt>Browser</dt>
          <dd data-testid="visitor-browser">{[visitor?.browser, visitor?.os].filter(Boolean).join(' on ') || 'Unknown'}</dd>
        </div>
        <div>
          <dt>Language</dt>
          <dd>{languageLabel(visitor?.locale)}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{formatDateTime(conversation.createdAt)}</dd>
        </div>
        {visitor?.email && earlier > 0 && (
          <div>
            <dt>History</dt>
            <dd>
              <Link to={`/chat?status=all&visitorEmail=${encodeURIComponent(visitor.email)}`}>
                {earlier === 1 ? '1 earlier conversation' : `${earlier} earlier conversations`}
              </Link>
            </dd>
          </div>
        )}
      </dl>
    </>
  );
}
