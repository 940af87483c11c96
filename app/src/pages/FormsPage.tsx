import { Icon } from '../components/Icon';
import { EmptyState, ErrorNotice, PageHeader, RelativeTime, SkeletonRows } from '../components/ui';
import { useTitle } from '../hooks';
import { useForms } from '../query';
import { Link } from '../router';

export function FormsPage() {
  useTitle('Forms');
  const forms = useForms({ fresh: true });
  return (
    <div className="page">
      <PageHeader title="Forms">
        <Link to="/forms/new" className="button primary">
          <Icon name="plus" />
          New form
        </Link>
      </PageHeader>
      <ErrorNotice error={forms.error} onRetry={forms.reload} />
      {!forms.data ? (
          forms.error ? null : <SkeletonRows count={3} />
      ) : forms.data.length === 0 ? (
        <EmptyState title="No forms yet.">
          <Link to="/forms/new">Create a form</Link> for contact or quote requests, then embed it on your site or share its hosted link.
        </EmptyState>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Fields</th>
              <th scope="col">Submissions</th>
              <th scope="col">Updated</th>
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
                  <Link to={`/submissions?formId=${encodeURIComponent(form.id)}`}>{form.submissionCount ?? 'View'}</Link>
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
