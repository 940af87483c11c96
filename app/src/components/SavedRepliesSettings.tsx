import { useId, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api';
import { useResource } from '../hooks';
import type { SavedReply, CreateSavedReplyBody as SavedReplyInput } from '../../../shared/schemas/saved-replies';
import { useConfirm } from './ConfirmDialog';
import { useToast } from './Toasts';
import { ErrorNotice } from './ui';
import { useTranslation } from 'react-i18next';
import { t } from '../i18n';
import { Rich } from '../i18n/Rich';
import { errorMessage } from '../i18n/errors';

const SHORTCUT = /^[a-z0-9_-]{1,32}$/;
const EMPTY: SavedReplyInput = { shortcut: '', title: '', body: '' };

/** Why the input cannot be saved (the server checks the same rules and has the last word), or null. */
export function savedReplyProblem(input: SavedReplyInput): string | null {
  if (!SHORTCUT.test(input.shortcut.trim().toLowerCase())) return t('savedReplies.problem.shortcut');
  if (!input.title.trim() || input.title.trim().length > 100) return t('savedReplies.problem.title');
  if (!input.body.trim() || input.body.length > 5000) return t('savedReplies.problem.body');
  return null;
}

/** The workspace's saved replies: typed as `/shortcut` in the reply box. */
export function SavedRepliesSettings() {
  useTranslation();
  const replies = useResource<SavedReply[]>(() => api.listSavedReplies(), []);
  const [editing, setEditing] = useState<SavedReply | 'new' | null>(null);
  const [confirmElement, confirm] = useConfirm();
  const toast = useToast();

  const remove = async (reply: SavedReply) => {
    const ok = await confirm({ title: t('savedReplies.deleteTitle', { shortcut: reply.shortcut }), body: t('savedReplies.deleteBody'), confirmLabel: t('savedReplies.deleteConfirm'), danger: true });
    if (!ok) return;
    try {
      await api.deleteSavedReply(reply.id);
      replies.reload();
    } catch (caught) {
      toast(errorMessage(caught), 'error');
    }
  };

  return (
    <section className="card stack" aria-labelledby="saved-replies-title">
      <div className="card-header">
        <h2 id="saved-replies-title">{t('savedReplies.title')}</h2>
        {editing === null && (
          <button type="button" className="button small" onClick={() => setEditing('new')}>
            {t('savedReplies.new')}
          </button>
        )}
      </div>
      <p className="muted">
        <Rich text={t('savedReplies.help', { placeholder: '{{visitor.name}}' })} tags={{ code: (c) => <code>{c}</code> }} />
      </p>
      <ErrorNotice error={replies.error} onRetry={replies.reload} />
      {editing === 'new' && <SavedReplyForm onDone={(saved) => { setEditing(null); if (saved) replies.reload(); }} />}
      {replies.data && replies.data.length === 0 && editing === null && <p className="muted small">{t('savedReplies.none')}</p>}
      {replies.data && replies.data.length > 0 && (
        <ul className="saved-replies" aria-label={t('savedReplies.title')}>
          {replies.data.map((reply) =>
            editing !== 'new' && editing?.id === reply.id ? (
              <li key={reply.id}>
                <SavedReplyForm reply={reply} onDone={(saved) => { setEditing(null); if (saved) replies.reload(); }} />
              </li>
            ) : (
              <li key={reply.id} className="saved-reply-row">
                <div className="saved-reply-text">
                  <span>
                    <code>/{reply.shortcut}</code> <strong>{reply.title}</strong>
                  </span>
                  <span className="muted small saved-reply-preview">{reply.body}</span>
                </div>
                <button type="button" className="button ghost small" aria-label={t('savedReplies.edit', { shortcut: reply.shortcut })} onClick={() => setEditing(reply)}>
                  {t('common.edit')}
                </button>
                <button type="button" className="button danger-ghost small" aria-label={t('savedReplies.delete', { shortcut: reply.shortcut })} onClick={() => void remove(reply)}>
                  {t('common.delete')}
                </button>
              </li>
            ),
          )}
        </ul>
      )}
      {confirmElement}
    </section>
  );
}

function SavedReplyForm({ reply, onDone }: { reply?: SavedReply; onDone: (saved: boolean) => void }) {
  const [input, setInput] = useState<SavedReplyInput>(reply ? { shortcut: reply.shortcut, title: reply.title, body: reply.body } : EMPTY);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const set = (field: keyof SavedReplyInput) => (event: { target: { value: string } }) => setInput((current) => ({ ...current, [field]: event.target.value }));

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const clean = { shortcut: input.shortcut.trim().toLowerCase().replace(/^\//, ''), title: input.title.trim(), body: input.body };
    const problem = savedReplyProblem(clean);
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    try {
      if (reply) await api.updateSavedReply(reply.id, clean);
      else await api.createSavedReply(clean);
      onDone(true);
    } catch (caught) {
      setBusy(false);
      setError(caught instanceof ApiError && caught.code === 'saved_reply_exists' ? t('savedReplies.taken', { shortcut: clean.shortcut }) : errorMessage(caught));
    }
  };

  return (
    <form className="saved-reply-form stack" onSubmit={save} aria-label={reply ? t('savedReplies.edit', { shortcut: reply.shortcut }) : t('savedReplies.new')} noValidate>
      <div className="saved-reply-fields">
        <label className="field" htmlFor={`${id}-shortcut`}>
          <span className="label">{t('savedReplies.shortcut')}</span>
          <input id={`${id}-shortcut`} value={input.shortcut} onChange={set('shortcut')} maxLength={33} placeholder={t('savedReplies.shortcutPlaceholder')} required autoFocus />
        </label>
        <label className="field grow" htmlFor={`${id}-title`}>
          <span className="label">{t('savedReplies.titleField')}</span>
          <input id={`${id}-title`} value={input.title} onChange={set('title')} maxLength={100} placeholder={t('savedReplies.titlePlaceholder')} required />
        </label>
      </div>
      <label className="field" htmlFor={`${id}-body`}>
        <span className="label">{t('savedReplies.body')}</span>
        <textarea id={`${id}-body`} value={input.body} onChange={set('body')} maxLength={5000} rows={4} required placeholder={t('savedReplies.bodyPlaceholder', { placeholder: '{{visitor.name}}' })} />
      </label>
      {error && <p className="form-error" role="alert">{error}</p>}
      <div className="form-actions">
        <button type="button" className="button ghost" onClick={() => onDone(false)}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? t('common.saving') : reply ? t('common.saveChanges') : t('savedReplies.add')}
        </button>
      </div>
    </form>
  );
}
