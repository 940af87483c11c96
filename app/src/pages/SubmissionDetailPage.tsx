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
import { useTranslation } from 'react-i18next';
import { t } from '../i18n';
import { errorMessage } from '../i18n/errors';
import type { SubmissionDetail } from '../../../shared/schemas/forms';

function showValue(value: unknown): string {
  if (value === true) return t('common.yes');
  if (value === false) return t('common.no');
  if (value === null || value === undefined || value === '') return '—';
  return Array.isArray(value) ? value.join(', ') : String(value);
}

export function SubmissionDetailPage({ submissionId }: { submissionId: string }) {
  useTranslation();
  const submission = useResource<SubmissionDetail>(() => api.getSubmission(submissionId), [submissionId]);
  useTitle(submission.data ? t('submissions.titleOf', { form: submission.data.submission.formName }) : t('submissions.title'));
  const [confirmElement, confirm] = useConfirm();
  const toast = useToast();

  if (submission.error?.status === 404) {
    return (
      <div className="page">
        <EmptyState title={t('submissions.deleted')}>
          <Link to="/submissions">{t('submissions.back')}</Link>
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
      title: t('submissions.deleteTitle'),
      body: t('submissions.deleteBody'),
      confirmLabel: t('submissions.delete'),
      danger: true,
    });
    if (!ok) return;
    try {
      await api.deleteSubmission(s.id);
      toast(t('submissions.deletedToast'));
      navigate('/submissions');
    } catch (error) {
      toast(errorMessage(error), 'error');
    }
  };

  return (
    <div className="page narrow">
      <nav className="breadcrumb" aria-label={t('forms.breadcrumb')}>
        <Link to="/submissions">{t('nav.submissions')}</Link> <span aria-hidden="true">/</span> <span>{s.formName}</span>
      </nav>
      <header className="page-header">
        <h1>{visitorLabel(s.visitor)}</h1>
        <div className="page-actions">
          <CreateTicketButton submissionId={s.id} className="button primary" />
          <MenuButton label={t('submissions.actions')} items={[{ label: t('submissions.delete'), onSelect: remove, danger: true }]} />
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
      <SourceTickets tickets={tickets} label={t('submissions.tickets')} className="card" />
      <section className="card">
        <dl className="facts-inline">
          <div><dt>{t('submissions.form')}</dt><dd>{s.formName}</dd></div>
          <div><dt>{t('submissions.received')}</dt><dd>{formatDateTime(s.createdAt)}</dd></div>
          <div>
            <dt>{t('submissions.pageUrl')}</dt>
            <dd>{pageHref ? <a href={pageHref} target="_blank" rel="noopener noreferrer">{s.pageUrl}</a> : (s.pageUrl ?? '—')}</dd>
          </div>
          <div><dt>{t('chat.visitor.country')}</dt><dd>{countryLabel(s.country)}</dd></div>
        </dl>
      </section>
      {confirmElement}
    </div>
  );
}
