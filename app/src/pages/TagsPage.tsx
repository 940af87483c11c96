import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { useConfirm } from '../components/ConfirmDialog';
import { useToast } from '../components/Toasts';
import { EmptyState, ErrorNotice, PageHeader, SkeletonRows } from '../components/ui';
import { useTitle } from '../hooks';
import { useTags } from '../query';
import { Link } from '../router';
import type { Tag } from '../../../shared/schemas/tags';

const ticketsWith = (tag: string, status: 'open' | 'closed') => `/tickets?tag=${encodeURIComponent(tag)}&status=${status}`;

/** Themes: every tag with its open and closed tickets, renamed or deleted in one place. */
export function TagsPage() {
  useTitle('Tags');
  // Refetched on every visit and after ticket changes (query.ts).
  const tags = useTags({ fresh: true });
  const [editing, setEditing] = useState<string | null>(null);
  const [confirmElement, confirm] = useConfirm();
  const toast = useToast();

  const remove = async (tag: Tag) => {
    const count = tag.openCount + tag.closedCount;
    const ok = await confirm({
      title: `Delete the tag “${tag.name}”?`,
      body: count ? `It is removed from ${count} ticket${count === 1 ? '' : 's'}; the tickets stay.` : 'No ticket carries it.',
      confirmLabel: 'Delete tag',
      danger: true,
    });
    if (!ok) return;
    try {
      await api.deleteTag(tag.id);
      tags.reload();
    } catch (error) {
      toast((error as Error).message, 'error');
    }
  };

  return (
    <div className="page narrow">
      <PageHeader title="Tags" />
      <p className="muted page-intro">Group tickets by theme. Tag a ticket on its page; new names become tags.</p>
      <ErrorNotice error={tags.error} onRetry={tags.reload} />
      {!tags.data ? (
        tags.error ? null : <SkeletonRows count={3} />
      ) : tags.data.length === 0 ? (
        <EmptyState title="No tags yet.">Open a ticket and add a tag such as “billing” or “feature request”.</EmptyState>
      ) : (
        <table className="table tags-table">
          <thead>
            <tr>
              <th scope="col">Tag</th>
              <th scope="col" className="col-count">Open</th>
              <th scope="col" className="col-count">Closed</th>
              <th scope="col"><span className="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {tags.data.map((tag) => (
              <tr key={tag.id} data-tag-id={tag.id}>
                <td>
                  {editing === tag.id ? (
                    <RenameForm tag={tag} onDone={(renamed) => {
                      setEditing(null);
                      if (renamed) tags.reload();
                    }} />
                  ) : (
                    <span className="tag">{tag.name}</span>
                  )}
                </td>
                <td className="col-count"><Link to={ticketsWith(tag.name, 'open')} aria-label={`${tag.openCount} open tickets tagged ${tag.name}`}>{tag.openCount}</Link></td>
                <td className="col-count"><Link to={ticketsWith(tag.name, 'closed')} aria-label={`${tag.closedCount} closed tickets tagged ${tag.name}`}>{tag.closedCount}</Link></td>
                <td className="actions-cell">
                  <button type="button" className="button ghost small" onClick={() => setEditing(tag.id)} aria-label={`Rename ${tag.name}`}>Rename</button>
                  <button type="button" className="button ghost small" onClick={() => void remove(tag)} aria-label={`Delete ${tag.name}`}>Delete</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {confirmElement}
    </div>
  );
}

function RenameForm({ tag, onDone }: { tag: Tag; onDone: (renamed: boolean) => void }) {
  const [name, setName] = useState(tag.name);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await api.renameTag(tag.id, name);
      onDone(true);
    } catch (caught) {
      setError((caught as Error).message);
    }
  };
  return (
    <form className="inline-form" onSubmit={submit}>
      <label className="visually-hidden" htmlFor={`rename-${tag.id}`}>New name for {tag.name}</label>
      <input id={`rename-${tag.id}`} value={name} onChange={(event) => setName(event.target.value)} maxLength={50} autoFocus
        onKeyDown={(event) => event.key === 'Escape' && onDone(false)} />
      <button type="submit" className="button small" disabled={!name.trim()}>Save</button>
      <button type="button" className="button ghost small" onClick={() => onDone(false)}>Cancel</button>
      {error && <span className="form-error" role="alert">{error}</span>}
    </form>
  );
}
