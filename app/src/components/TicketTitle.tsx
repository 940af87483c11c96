import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** The ticket title as an editable heading: Enter or leaving the field saves, Escape reverts. */
export function TicketTitle({ number, title, onSave }: { number: number; title: string; onSave: (title: string) => Promise<void> }) {
  const { t } = useTranslation();
  const [value, setValue] = useState(title);
  const [editing, setEditing] = useState(false);
  const reverting = useRef(false);
  useEffect(() => {
    if (!editing) setValue(title);
  }, [title, editing]);

  const commit = () => {
    setEditing(false);
    if (reverting.current) {
      reverting.current = false;
      setValue(title);
      return;
    }
    const next = value.trim();
    if (!next) setValue(title);
    else if (next !== title) void onSave(next);
  };

  return (
    <h1 className="ticket-heading">
      <span className="ticket-number">#{number}</span>
      <input
        className="title-input"
        aria-label={t('tickets.titleLabel')}
        value={value}
        maxLength={200}
        onFocus={() => setEditing(true)}
        onChange={(event) => setValue(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') event.currentTarget.blur();
          if (event.key === 'Escape') {
            reverting.current = true;
            event.currentTarget.blur();
          }
        }}
      />
    </h1>
  );
}
