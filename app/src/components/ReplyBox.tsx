import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { api, uploadChatFile } from '../api';
import { ACCEPT, ALLOWED_LABEL, MAX_ATTACHMENT_BYTES } from '../attachment-rules';
import { fillSavedReply, filterSavedReplies, slashQuery } from '../inbox';
import { resetTyping, sendTyping } from '../typing';
import type { ConversationSummary as Conversation, Message } from '../../../shared/schemas/chat';
import type { SavedReply } from '../../../shared/schemas/saved-replies';
import { Icon } from './Icon';
import { optionId, SavedReplyList } from './SavedReplyList';
import { UploadList, useFileDrop, useUploadQueue } from './Uploads';
import { useTranslation } from 'react-i18next';
import { formatMegabytes } from '../format';
import { errorMessage } from '../i18n/errors';

/**
 * Enter sends, Shift+Enter starts a new line; the draft survives a failed send. `/` at the start
 * opens the saved replies; files are attached with the button or dropped on the box, each sent as
 * its own message with its own progress.
 */
export function ReplyBox({ conversation, onSent }: { conversation: Conversation; onSent: (message: Message) => void }) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const listId = useId();
  const conversationId = conversation.id;

  const { uploads, addFiles, dismiss } = useUploadQueue((file, onProgress) => uploadChatFile(conversationId, file, onProgress), onSent);
  const { dragging, handlers } = useFileDrop(addFiles);

  // Saved replies: fetched each time the `/` list opens, so edits made in Settings show up.
  const query = slashQuery(body);
  const [replies, setReplies] = useState<SavedReply[] | undefined>(undefined);
  const [closedFor, setClosedFor] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const listOpen = query !== null;
  useEffect(() => {
    if (!listOpen) return;
    let current = true;
    api.listSavedReplies().then(
      (items) => current && setReplies(items),
      () => current && setReplies((old) => old ?? []),
    );
    return () => {
      current = false;
    };
  }, [listOpen]);
  const matches = query !== null && replies ? filterSavedReplies(replies, query) : undefined;
  const expanded = query !== null && closedFor !== body;
  const activeIndex = matches && matches.length > 0 ? Math.min(active, matches.length - 1) : -1;

  const insert = (reply: SavedReply) => {
    const text = fillSavedReply(reply.body, conversation.visitor);
    setBody(text);
    setActive(0);
    requestAnimationFrame(() => {
      const element = textRef.current;
      if (!element) return;
      element.focus();
      element.setSelectionRange(text.length, text.length);
    });
  };

  const send = async (event?: FormEvent) => {
    event?.preventDefault();
    const text = body.trim();
    if (!text || sending) return;
    setSending(true);
    setError(null);
    try {
      const { message } = await api.reply(conversationId, text);
      setBody('');
      resetTyping(conversationId);
      onSent(message);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setSending(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.nativeEvent.isComposing) return;
    if (expanded) {
      const count = matches?.length ?? 0;
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        if (count) setActive((activeIndex + (event.key === 'ArrowDown' ? 1 : count - 1)) % count);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        setClosedFor(body);
        return;
      }
      if ((event.key === 'Enter' || event.key === 'Tab') && !event.shiftKey && matches && activeIndex >= 0) {
        event.preventDefault();
        insert(matches[activeIndex]!);
        return;
      }
      // A `/word` that matches nothing is most likely a mistyped shortcut: Enter does not send it to
      // the visitor while the list says so (Escape closes the list, then Enter sends it as text).
      if (event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault();
        return;
      }
    }
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      void send();
    }
  };

  return (
    <form className={dragging ? 'reply dragging' : 'reply'} onSubmit={send} {...handlers} data-testid="reply-box">
      {expanded && (
        <SavedReplyList id={listId} replies={matches} active={activeIndex} onPick={insert} onActivate={setActive} />
      )}
      <UploadList uploads={uploads} onDismiss={dismiss} />
      <div className="reply-row">
        <label htmlFor="reply-body" className="visually-hidden">
          {t('chat.reply')}
        </label>
        <textarea
          ref={textRef}
          id="reply-body"
          role="combobox"
          aria-autocomplete="list"
          aria-haspopup="listbox"
          aria-expanded={expanded && !!matches?.length}
          aria-controls={expanded && matches?.length ? listId : undefined}
          aria-activedescendant={expanded && activeIndex >= 0 ? optionId(listId, activeIndex) : undefined}
          aria-describedby="reply-hint"
          value={body}
          onChange={(event) => {
            setBody(event.target.value);
            setActive(0);
            if (event.target.value.trim() && slashQuery(event.target.value) === null) sendTyping(conversationId);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setClosedFor(body)}
          onFocus={() => setClosedFor(null)}
          placeholder={t('chat.replyPlaceholder')}
          rows={2}
          maxLength={10_000}
        />
        <button type="button" className="button icon-button" aria-label={t('chat.attachFiles')} title={t('chat.attachFiles')} onClick={() => fileRef.current?.click()}>
          <Icon name="paperclip" />
        </button>
        <input
          ref={fileRef}
          type="file"
          multiple
          accept={ACCEPT}
          className="visually-hidden"
          tabIndex={-1}
          aria-label={t('chat.chooseFiles')}
          onChange={(event) => {
            if (event.target.files) addFiles(event.target.files);
            event.target.value = '';
          }}
        />
        <button type="submit" className="button primary" disabled={sending || !body.trim()}>
          {sending ? t('chat.sending') : t('chat.send')}
        </button>
      </div>
      <p id="reply-hint" className="visually-hidden">
        {t('chat.replyHint', { allowed: ALLOWED_LABEL, max: formatMegabytes(MAX_ATTACHMENT_BYTES) })}
      </p>
      {dragging && (
        <div className="reply-drop" aria-hidden="true">
          <Icon name="upload" size={20} /> {t('chat.dropFiles')}
        </div>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
