import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { useConfirm } from '../components/ConfirmDialog';
import { useToast } from '../components/Toasts';
import { EmptyState, ErrorNotice, PageHeader, SkeletonRows } from '../components/ui';
import { useTitle } from '../hooks';
import { useTags } from '../query';
import { Link } from '../router';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../i18n/errors';
import type { Tag } from '../../../shared/schemas/tags';

const ticketsWith = (tag: string, status: 'open' | 'closed') => `/tickets?tag=${encodeURIComponent(tag)}&status=${status}`;

/** Themes: every tag with its open and closed tickets, renamed or deleted in one place. */
export function TagsPage() {
  const { t } = useTranslation();
  useTitle(t('nav.tags'));
  // Refetched on every visit and after ticket changes (query.ts).
  const tags = useTags({ fresh: true });
  const [editing, setEditing] = useState<string | null>(null);
  const [confirmElement, confirm] = useConfirm();
  const toast = useToast();

  const remove = async (tag: Tag) => {
    const count = tag.openCount + tag.closedCount;
    const ok = await confirm({
      title: t('tags.deleteTitle', { name: tag.name }),
      body: count ? t('tags.deleteBody', { count }) : t('tags.deleteUnused'),
      confirmLabel: t('tags.delete'),
      danger: true,
    });
    if (!ok) return;
    try {
      await api.deleteTag(tag.id);
      tags.reload();
    } catch (error) {
      toast(errorMessage(error), 'error');
    }
  };

  return (
    <div className="page narrow">
      <PageHeader title={t('nav.tags')} />
      <p className="muted page-intro">{t('tags.intro')}</p>
      <ErrorNotice error={tags.error} onRetry={tags.reload} />
      {!tags.data ? (
        tags.error ? null : <SkeletonRows count={3} />
      ) : tags.data.length === 0 ? (
        <EmptyState title={t('tags.none')}>{t('tags.noneHelp')}</EmptyState>
      ) : (
        <table className="table tags-table">
          <thead>
            <tr>
              <th scope="col">{t('filters.tag')}</th>
              <th scope="col" className="col-count">{t('tags.open')}</th>
              <th scope="col" className="col-count">{t('tags.closed')}</th>
              <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>
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
                <td className="col-count"><Link to={ticketsWith(tag.name, 'open')} aria-label={t('tags.openTickets', { count: tag.openCount, name: tag.name })}>{tag.openCount}</Link></td>
                <td className="col-count"><Link to={ticketsWith(tag.name, 'closed')} aria-label={t('tags.closedTickets', { count: tag.closedCount, name: tag.name })}>{tag.closedCount}</Link></td>
                <td className="actions-cell">
                  <button type="button" className="button ghost small" onClick={() => setEditing(tag.id)} aria-label={t('tags.renameLabel', { name: tag.name })}>{t('tags.rename')}</button>
                  <button type="button" className="button ghost small" onClick={() => void remove(tag)} aria-label={t('tags.deleteLabel', { name: tag.name })}>{t('common.delete')}</button>
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
  const { t } = useTranslation();
  const [name, setName] = useState(tag.name);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await api.renameTag(tag.id, name);
      onDone(true);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  return (
    <form className="inline-form" onSubmit={submit}>
      <label className="visually-hidden" htmlFor={`rename-${tag.id}`}>{t('tags.newName', { name: tag.name })}</label>
      <input id={`rename-${tag.id}`} value={name} onChange={(event) => setName(event.target.value)} maxLength={50} autoFocus
        onKeyDown={(event) => event.key === 'Escape' && onDone(false)} />
      <button type="submit" className="button small" disabled={!name.trim()}>{t('common.save')}</button>
      <button type="button" className="button ghost small" onClick={() => onDone(false)}>{t('common.cancel')}</button>
      {error && <span className="form-error" role="alert">{error}</span>}
    </form>
  );
}
