import { Fragment, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { SHORTCUTS } from '../list-shortcuts';

/** The list of keyboard shortcuts (`?`). */
export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    ref.current?.showModal();
    return () => previous?.focus?.();
  }, []);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="shortcuts-title" onCancel={(event) => { event.preventDefault(); onClose(); }}>
      <h2 id="shortcuts-title">{t('shortcuts.title')}</h2>
      <dl className="shortcuts-list">
        {SHORTCUTS.map(([keys, label]) => (
          <Fragment key={keys}>
            <dt><kbd>{keys}</kbd></dt>
            <dd>{t(`shortcuts.${label}`)}</dd>
          </Fragment>
        ))}
      </dl>
      <p className="muted small">{t('shortcuts.never')}</p>
      <div className="dialog-actions">
        <button type="button" className="button primary" onClick={onClose} autoFocus>{t('common.close')}</button>
      </div>
    </dialog>
  );
}
