import { api } from '../api';
import { useConfirm } from '../components/ConfirmDialog';
import { CreateTicketButton } from '../components/CreateTicketButton';
import { MenuButton } from '../components/Menu';
import { SourceTickets } from '../components/SourceTickets';
import { useToast } from '../components/Toasts';
import { EmptyState, ErrorNotice, Loading } from '../components/ui';
import { countryLabel, formatDateTime, safeHref, visitorLabel } from '../format';
import { useResource, useTitle } from '../hooks';
import { Link, navigate } from '../router';
import type { SubmissionDetail } from '../../../shared/schemas/forms';

function showValue(value: unknown): string {
  if (value === true) return 'Yes';
  if (value === false) return 'No';
  if (value === null || value === undefined || value === '') return '—';
  return Array.isArray(value) ? value.join(', ') : String(value);
}

export function SubmissionDetailPage({ submissionId }: { submissionId: string }) {
  const submission = useResource<SubmissionDetail>(() => api.getSubmission(submissionId), [submissionId]);
  useTitle(submission.data ? `${submission.data.submission.formName} submission` : 'Submission');
  const [confirmElement, confirm] = useConfirm();
  const toast = useToast();

  if (submission.error?.status === 404) {
    return (
      <div className="page">
        <EmptyState title="This submission was deleted.">
          <Link to="/submissions">Back to submissions</Link>
        </EmptyState>
      </div>
    );
  }
  if (!submission.data) {
    return <div className="page">{submission.error ? <ErrorNotice error={submission.error} onRetry={submission.reload} /> : <Loading />}</div>;
  }
  const { submission: s, tickets } = submission.data;
  const pageHref = safeHref(s.pageUrl);

  const remove = async () => {
    const ok = await confirm({
      title: 'Delete this submission?',
      body: 'Tickets made from it stay, marked “source deleted”.',
      confirmLabel: 'Delete submission',
      danger: true,
    });
    if (!ok) return;
    try {
      await api.deleteSubmission(s.id);
      toast('Submission deleted');
      navigate('/submissions');
    } catch (error) {
      toast((error as Error).message, 'error');
    }
  };

  return (
    <div className="page narrow">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link to="/submissions">Submissions</Link> <span aria-hidden="true">/</span> <span>{s.formName}</span>
      </nav>
      <header className="page-header">
        <h1>{visitorLabel(s.visitor)}</h1>
        <div className="page-actions">
          <CreateTicketButton submissionId={s.id} className="button primary" />
          <MenuButton label="Submission actions" items={[{ label: 'Delete submission', onSelect: remove, danger: true }]} />
        </div>
      </header>
      <section className="card">
        <dl className="fields">
          {s.fields.map((field) => (
            <div key={field.name}>
              <dt>{field.label || field.name}</dt>
              <dd className="field-value">{showValue(field.value)}</dd>
            </div>
          ))}
        </dl>
      </section>
      <SourceTickets tickets={tickets} label="Tickets from this submission" className="card" />
      <section className="card">
        <dl className="facts-inline">
          <div><dt>Form</dt><dd>{s.formName}</dd></div>
          <div><dt>Received</dt><dd>{formatDateTime(s.createdAt)}</dd></div>
          <div>
            <dt>Page URL</dt>
            <dd>{pageHref ? <a href={pageHref} target="_blank" rel="noopener noreferrer">{s.pageUrl}</a> : (s.pageUrl ?? '—')}</dd>
          </div>
          <div><dt>Country</dt><dd>{countryLabel(s.country)}</dd></div>
        </dl>
      </section>
      {confirmElement}
    </div>
  );
}
