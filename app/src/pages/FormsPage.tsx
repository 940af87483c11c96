import { Icon } from '../components/Icon';
import { EmptyState, ErrorNotice, PageHeader, RelativeTime, SkeletonRows } from '../components/ui';
import { useTitle } from '../hooks';
import { useForms } from '../query';
import { Link } from '../router';
import { useTranslation } from 'react-i18next';
import { Rich } from '../i18n/Rich';
import { formatNumber } from '../format';

export function FormsPage() {
  const { t } = useTranslation();
  useTitle(t('nav.forms'));
  const forms = useForms({ fresh: true });
  return (
    <div className="page">
      <PageHeader title={t('nav.forms')}>
        <Link to="/forms/new" className="button primary">
          <Icon name="plus" />
          {t('forms.new')}
        </Link>
      </PageHeader>
      <ErrorNotice error={forms.error} onRetry={forms.reload} />
      {!forms.data ? (
          forms.error ? null : <SkeletonRows count={3} />
      ) : forms.data.length === 0 ? (
        <EmptyState title={t('forms.none')}>
          <Rich text={t('forms.noneHelp')} tags={{ create: (c) => <Link to="/forms/new">{c}</Link> }} />
        </EmptyState>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('forms.columns.name')}</th>
              <th scope="col">{t('forms.columns.fields')}</th>
              <th scope="col">{t('nav.submissions')}</th>
              <th scope="col">{t('forms.columns.updated')}</th>
            </tr>
          </thead>
          <tbody>
            {forms.data.map((form) => (
              <tr key={form.id}>
                <td>
                  <Link to={`/forms/${encodeURIComponent(form.id)}`} className="row-link">
                    {form.name}
                  </Link>
                </td>
                <td className="muted">{form.fields.map((f) => f.label).join(', ')}</td>
                <td>
                  <Link to={`/submissions?formId=${encodeURIComponent(form.id)}`}>{form.submissionCount !== undefined && form.submissionCount !== null ? formatNumber(form.submissionCount) : t('forms.view')}</Link>
                </td>
                <td className="muted">{form.updatedAt ? <RelativeTime iso={form.updatedAt} /> : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
