import type { TicketEditor } from '../ticket-editor';

const STATE_TEXT = {
  saved: 'Saved',
  dirty: 'Unsaved changes…',
  saving: 'Saving…',
  conflict: 'Not saved: choose a version below',
  error: 'Not saved',
} as const;

/** Internal notes, saved on their own a moment after typing stops. */
export function NotesEditor({ editor }: { editor: TicketEditor }) {
  const { draft, saveState, saveError, conflict } = editor;
  return (
    <section className="card notes">
      <div className="card-header">
        <h2 id="notes-title">
          <label htmlFor="ticket-notes">Internal notes</label>
        </h2>
        <span className={`save-state ${saveState}`} role="status" aria-live="polite">
          {STATE_TEXT[saveState]}
        </span>
      </div>
      <p className="hint" id="notes-hint">
        Only your team sees these. Changes are saved automatically.
      </p>
      {conflict && (
        <div className="notice warning conflict" role="alert">
          <p>
            <strong>A teammate changed this ticket while you were typing.</strong> Your text is kept below; their
            notes are:
          </p>
          <blockquote className="conflict-theirs">{conflict.notes || <em>(empty)</em>}</blockquote>
          <div className="notice-actions">
            <button type="button" className="button primary small" onClick={editor.keepMine}>
              Keep mine
            </button>
            <button type="button" className="button small" onClick={editor.takeTheirs}>
              Take theirs
            </button>
          </div>
        </div>
      )}
      <textarea
        id="ticket-notes"
        className="notes-input"
        value={draft}
        aria-describedby="notes-hint"
        placeholder="Investigation, links, decisions, hand-off instructions…"
        onChange={(event) => editor.setDraft(event.target.value)}
        onBlur={editor.flushNotes}
        rows={8}
        maxLength={50_000}
      />
      {saveState === 'error' && (
        <p className="form-error" role="alert">
          {saveError ?? 'The notes could not be saved.'}{' '}
          <button type="button" className="button small" onClick={editor.flushNotes}>
            Retry
          </button>
        </p>
      )}
    </section>
  );
}
