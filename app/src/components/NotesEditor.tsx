import { useTranslation } from 'react-i18next';
import type { TicketEditor } from '../ticket-editor';

/** Internal notes, saved on their own a moment after typing stops. */
export function NotesEditor({ editor }: { editor: TicketEditor }) {
  const { t } = useTranslation();
  const { draft, saveState, saveError, conflict } = editor;
  return (
    <section className="card notes">
      <div className="card-header">
        <h2 id="notes-title">
          <label htmlFor="ticket-notes">{t('notes.title')}</label>
        </h2>
        <span className={`save-state ${saveState}`} role="status" aria-live="polite">
          {t(`notes.state.${saveState}`)}
        </span>
      </div>
      <p className="hint" id="notes-hint">
        {t('notes.hint')}
      </p>
      {conflict && (
        <div className="notice warning conflict" role="alert">
          <p>
            <strong>{t('notes.conflictTitle')}</strong> {t('notes.conflictBody')}
          </p>
          <blockquote className="conflict-theirs">{conflict.notes || <em>{t('notes.empty')}</em>}</blockquote>
          <div className="notice-actions">
            <button type="button" className="button primary small" onClick={editor.keepMine}>
              {t('notes.keepMine')}
            </button>
            <button type="button" className="button small" onClick={editor.takeTheirs}>
              {t('notes.takeTheirs')}
            </button>
          </div>
        </div>
      )}
      <textarea
        id="ticket-notes"
        className="notes-input"
        value={draft}
        aria-describedby="notes-hint"
        placeholder={t('notes.placeholder')}
        onChange={(event) => editor.setDraft(event.target.value)}
        onBlur={editor.flushNotes}
        rows={8}
        maxLength={50_000}
      />
      {saveState === 'error' && (
        <p className="form-error" role="alert">
          {saveError ?? t('notes.notSaved')}{' '}
          <button type="button" className="button small" onClick={editor.flushNotes}>
            {t('common.retry')}
          </button>
        </p>
      )}
    </section>
  );
}
