import { useState } from 'react';
import { api } from '../api';
import { Attachments } from '../components/Attachments';
import { useConfirm } from '../components/ConfirmDialog';
import { Icon } from '../components/Icon';
import { MenuButton } from '../components/Menu';
import { NotesEditor } from '../components/NotesEditor';
import { StatusControl } from '../components/StatusControl';
import { AssigneePicker, TagEditor } from '../components/TicketPeople';
import { PlanningChips, PlanningControls } from '../components/TicketPlanning';
import { TicketTranscript } from '../components/TicketTranscript';
import { Timeline } from '../components/Timeline';
import { TicketTitle } from '../components/TicketTitle';
import { useToast } from '../components/Toasts';
import { EmptyState, ErrorNotice, Loading } from '../components/ui';
import { formatDateTime, formatDuration, visitorLabel } from '../format';
import { useNow, useTitle } from '../hooks';
import { useLiveEvents } from '../live';
import { Link, navigate } from '../router';
import { useTicketEditor } from '../ticket-editor';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../i18n/errors';
import type { Ticket, TicketStatus } from '../../../shared/schemas/tickets';

export function TicketDetailPage({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation();
  const editor = useTicketEditor(ticketId);
  const { ticket } = editor;
  useTitle(ticket ? `#${ticket.number} ${ticket.title}` : t('tickets.detail.title'));
  const [statusBusy, setStatusBusy] = useState(false);
  const [deletedHere, setDeletedHere] = useState(false);
  const [confirmElement, confirm] = useConfirm();
  const toast = useToast();

  useLiveEvents((event) => {
    if (event.type === 'ticket.deleted' && event.ticketId === ticketId) setDeletedHere(true);
    else if (event.type === 'ticket.updated' && event.ticket.id === ticketId) editor.receive(event.ticket);
    else if (event.type === 'live.resync') editor.refresh();
    // The source was deleted meanwhile: its link turns into "source deleted".
    else if (event.type === 'conversation.deleted' && event.conversationId === ticket?.conversationId) editor.refresh();
  });

  if (deletedHere || editor.deleted || editor.loadError?.status === 404) {
    return (
      <div className="page">
        <EmptyState title={t('tickets.detail.gone')}>
          <Link to="/tickets">{t('tickets.detail.back')}</Link>
        </EmptyState>
      </div>
    );
  }
  if (!ticket) {
    return <div className="page">{editor.loadError ? <ErrorNotice error={editor.loadError} /> : <Loading />}</div>;
  }

  const changeStatus = async (status: TicketStatus) => {
    setStatusBusy(true);
    try {
      await editor.setStatus(status);
    } finally {
      setStatusBusy(false);
    }
  };

  const remove = async () => {
    const ok = await confirm({
      title: t('tickets.detail.deleteTitle', { number: ticket.number }),
      body: t('tickets.detail.deleteBody'),
      confirmLabel: t('tickets.detail.delete'),
      danger: true,
    });
    if (!ok) return;
    try {
      await api.deleteTicket(ticket.id);
      toast(t('tickets.detail.deleted', { number: ticket.number }));
      navigate('/tickets');
    } catch (error) {
      toast(errorMessage(error), 'error');
    }
  };

  return (
    <div className="page ticket-page">
      <nav className="breadcrumb" aria-label={t('forms.breadcrumb')}>
        <Link to="/tickets">{t('nav.tickets')}</Link> <span aria-hidden="true">/</span> <span>#{ticket.number}</span>
      </nav>
      <header className="ticket-header">
        <TicketTitle number={ticket.number} title={ticket.title} onSave={editor.setTitle} />
        <span className="ticket-chips"><PlanningChips ticket={ticket} now={Date.now()} /></span>
        <MenuButton label={t('tickets.detail.actions')} items={[{ label: t('tickets.detail.delete'), onSelect: remove, danger: true }]} />
      </header>
      {editor.saveError && editor.saveState !== 'error' && <ErrorNotice error={{ message: editor.saveError }} />}
      <div className="ticket-layout">
        <div className="ticket-main">
          <TicketTranscript ticket={ticket} />
          <section className="card stack" aria-label={t('tickets.status')}>
            <StatusControl status={ticket.status} busy={statusBusy} onChange={changeStatus} />
            <div className="ticket-people">
              <AssigneePicker assignee={ticket.assignee} onChange={editor.setAssignee} />
              <TagEditor ticket={ticket} onAdd={editor.addTag} onRemove={editor.removeTag} />
            </div>
            <PlanningControls ticket={ticket} onChange={(changes) => void editor.setFields(changes)} />
          </section>
          <NotesEditor editor={editor} />
          <Attachments
            ticketId={ticket.id}
            attachments={ticket.attachments}
            onAdded={editor.addAttachment}
            onRemoved={editor.removeAttachment}
          />
        </div>
        <aside className="ticket-side">
          <TicketFacts ticket={ticket} />
          <Timeline ticketId={ticket.id} version={ticket.version} />
        </aside>
      </div>
      {confirmElement}
    </div>
  );
}

function TicketFacts({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const now = useNow();
  const created = new Date(ticket.createdAt).getTime();
  const closed = ticket.closedAt ? new Date(ticket.closedAt).getTime() : null;
  return (
    <section className="card facts" aria-label={t('tickets.detail.details')}>
      <dl>
        <div>
          <dt>{t('tickets.list.source')}</dt>
          <dd><SourceLink ticket={ticket} /></dd>
        </div>
        <div>
          <dt>{t('common.visitor')}</dt>
          <dd>
            {visitorLabel(ticket.visitor)}
            {ticket.visitor?.email && ticket.visitor.name && <div className="muted small">{ticket.visitor.email}</div>}
          </dd>
        </div>
        <div>
          <dt>{t('reports.created')}</dt>
          <dd><time dateTime={ticket.createdAt}>{formatDateTime(ticket.createdAt)}</time></dd>
        </div>
        <div>
          <dt>{t('reports.closed')}</dt>
          <dd data-testid="closed-at">
            {ticket.closedAt ? <time dateTime={ticket.closedAt}>{formatDateTime(ticket.closedAt)}</time> : '—'}
          </dd>
        </div>
        <div>
          <dt>{closed === null ? t('tickets.detail.openFor') : t('reports.resolution')}</dt>
          <dd data-testid="resolution-time">{formatDuration(((closed ?? now) - created) / 1000)}</dd>
        </div>
      </dl>
    </section>
  );
}

function SourceLink({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const { source } = ticket;
  if (!source) return <span className="muted">{t('tickets.detail.byHand')}</span>;
  const isChat = source.type === 'conversation';
  if (!source.available) {
    return (
      <span className="source-deleted">
        <Icon name="warning" size={14} /> {t('tickets.detail.sourceDeleted')}
        <span className="muted small block">
          {isChat ? t('tickets.detail.conversationDeleted') : t('tickets.detail.submissionDeleted')}
        </span>
      </span>
    );
  }
  const to = isChat ? `/chat/${encodeURIComponent(source.id)}` : `/submissions/${encodeURIComponent(source.id)}`;
  return (
    <Link to={to} className="source-link">
      <Icon name={isChat ? 'chat' : 'inbox'} size={14} />
      {isChat ? t('tickets.detail.viewConversation') : t('tickets.detail.viewSubmission')}
    </Link>
  );
}
