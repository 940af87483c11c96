import { Fragment, useEffect, useRef } from 'react';
import { SHORTCUTS } from '../list-shortcuts';

/** The list of keyboard shortcuts (`?`). */
export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    ref.current?.showModal();
    return () => previous?.focus?.();
  }, []);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="shortcuts-title" onCancel={(event) => { event.preventDefault(); onClose(); }}>
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <dl className="shortcuts-list">
        {SHORTCUTS.map(([keys, label]) => (
          <Fragment key={keys}>
            <dt><kbd>{keys}</kbd></dt>
            <dd>{label}</dd>
          </Fragment>
        ))}
      </dl>
      <p className="muted small">Shortcuts never fire while you type in a field.</p>
      <div className="dialog-actions">
        <button type="button" className="button primary" onClick={onClose} autoFocus>Close</button>
      </div>
    </dialog>
  );
}
