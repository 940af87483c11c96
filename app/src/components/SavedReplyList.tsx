import { useTranslation } from 'react-i18next';
import type { SavedReply } from '../../../shared/schemas/saved-replies';

export const optionId = (listId: string, index: number) => `${listId}-option-${index}`;

interface Props {
  id: string;
  replies: SavedReply[] | undefined;
  active: number;
  onPick: (reply: SavedReply) => void;
  onActivate: (index: number) => void;
}

/**
 * The listbox of the reply box's `/` combobox. Focus stays in the text box (the active option is
 * announced through aria-activedescendant); a click picks without moving focus away.
 */
export function SavedReplyList({ id, replies, active, onPick, onActivate }: Props) {
  const { t } = useTranslation();
  return (
    <div className="saved-reply-popup">
      {replies && replies.length > 0 && (
        <ul id={id} role="listbox" aria-label={t('savedReplies.title')} className="saved-reply-list">
          {replies.map((reply, index) => (
            <li
              key={reply.id}
              id={optionId(id, index)}
              role="option"
              aria-selected={index === active}
              className="saved-reply-option"
              onMouseDown={(event) => event.preventDefault()}
              onMouseEnter={() => onActivate(index)}
              onClick={() => onPick(reply)}
            >
              <span className="saved-reply-shortcut">/{reply.shortcut}</span>
              <span className="saved-reply-title">{reply.title}</span>
              <span className="saved-reply-body muted small">{reply.body}</span>
            </li>
          ))}
        </ul>
      )}
      {!replies && <p className="muted small saved-reply-empty" role="status">{t('savedReplies.loading')}</p>}
      {replies?.length === 0 && <p className="muted small saved-reply-empty" role="status">{t('savedReplies.noMatch')}</p>}
    </div>
  );
}
