import { useEffect } from 'react';
import { refreshUnread } from '../alerts/unread';
import { api } from '../api';
import { CreateTicketButton } from '../components/CreateTicketButton';
import { EmptyState, ErrorNotice, LoadMore, PageHeader, RelativeTime, SkeletonRows } from '../components/ui';
import { countryLabel, safeHref, shortUrl, visitorLabel } from '../format';
import { useDebouncedCallback, useTitle } from '../hooks';
import { useLiveEvents } from '../live';
import { useForms, useSubmissionList } from '../query';
import { Link, navigate, useLocation, withSearch } from '../router';
import { useTranslation } from 'react-i18next';
import { Rich } from '../i18n/Rich';

export function SubmissionsPage() {
  const { t } = useTranslation();
  useTitle(t('nav.submissions'));
  const { pathname, search } = useLocation();
  const formId = search.get('formId');
  const forms = useForms();
  // New submissions join the list live (query.ts).
  const submissions = useSubmissionList(formId);

  // Looking at the list marks every submission seen (the navigation badge clears on all this user's devices).
  const markSeen = useDebouncedCallback(() => {
    if (document.visibilityState === 'visible') api.markSubmissionsRead().then(() => refreshUnread(0), () => {});
  }, 300);
  useEffect(() => {
    markSeen();
    document.addEventListener('visibilitychange', markSeen);
    return () => document.removeEventListener('visibilitychange', markSeen);
  }, [markSeen]);
  useLiveEvents((event) => {
    if (event.type === 'submission.created') markSeen();
  });

  return (
    <div className="page">
      <PageHeader title={t('nav.submissions')}>
        <div className="inline-field">
          <label className="label" htmlFor="form-filter">
            {t('submissions.form')}
          </label>
          <select
            id="form-filter"
            value={formId ?? ''}
            onChange={(event) => navigate(withSearch(pathname, search, { formId: event.target.value || null }))}
          >
            <option value="">{t('submissions.allForms')}</option>
            {forms.data?.map((form) => (
              <option key={form.id} value={form.id}>
                {form.name}
              </option>
            ))}
          </select>
        </div>
      </PageHeader>
      <ErrorNotice error={submissions.error} onRetry={submissions.reload} />
      <div aria-busy={submissions.loading}>
        {!submissions.items ? (
            submissions.error ? null : <SkeletonRows />
        ) : submissions.items.length === 0 ? (
          <EmptyState title={t('submissions.none')}>
            <Rich text={t('submissions.noneHelp')} tags={{ create: (c) => <Link to="/forms/new">{c}</Link>, demo: (c) => <a href="/demo">{c}</a> }} />
          </EmptyState>
        ) : (
          <table className="table submissions-table">
            <thead>
              <tr>
                <th scope="col">{t('submissions.form')}</th>
                <th scope="col">{t('common.visitor')}</th>
                <th scope="col">{t('submissions.time')}</th>
                <th scope="col">{t('submissions.pageUrl')}</th>
                <th scope="col">{t('chat.visitor.country')}</th>
                <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {submissions.items.map((submission) => {
                const href = safeHref(submission.pageUrl);
                return (
                  <tr key={submission.id} data-submission-id={submission.id}>
                    <td>{submission.formName}</td>
                    <td>
                      <Link to={`/submissions/${encodeURIComponent(submission.id)}`} className="row-link">
                        {visitorLabel(submission.visitor)}
                      </Link>
                    </td>
                    <td className="muted"><RelativeTime iso={submission.createdAt} /></td>
                    <td className="url-cell">
                      {href ? (
                        <a href={href} target="_blank" rel="noopener noreferrer" title={submission.pageUrl ?? ''}>
                          {shortUrl(submission.pageUrl)}
                        </a>
                      ) : (
                        <span className="muted">{shortUrl(submission.pageUrl)}</span>
                      )}
                    </td>
                    <td>{countryLabel(submission.country)}</td>
                    <td className="actions-cell">
                      {submission.tickets && submission.tickets.length > 0 && (
                        <span className="ticket-chips" aria-label={t('submissions.tickets')}>
                          {submission.tickets.map((ticket) => (
                            <Link key={ticket.id} to={`/tickets/${encodeURIComponent(ticket.id)}`} className="ticket-chip" title={ticket.title}>#{ticket.number}</Link>
                          ))}
                        </span>
                      )}
                      <CreateTicketButton submissionId={submission.id} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        <LoadMore cursor={submissions.nextCursor} loading={submissions.loadingMore} onMore={submissions.loadMore} />
      </div>
    </div>
  );
}
