import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { api } from '../api';
import type { Message } from '../types';

/** Enter sends, Shift+Enter starts a new line. The draft survives a failed send. */
export function ReplyBox({ conversationId, onSent }: { conversationId: string; onSent: (message: Message) => void }) {
  const [body, setBody] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const send = async (event?: FormEvent) => {
    event?.preventDefault();
    const text = body.trim();
    if (!text || sending) return;
    setSending(true);
    setError(null);
    try {
      const { message } = await api.reply(conversationId, text);
      setBody('');
      onSent(message);
    } catch (caught) {
      setError((caught as Error).message);
    } finally {
      setSending(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send();
    }
  };

  return (
    <form className="reply" onSubmit={send}>
      <label htmlFor="reply-body" className="visually-hidden">
        Reply
      </label>
      <textarea
        id="reply-body"
        value={body}
        onChange={(event) => setBody(event.target.value)}
        onKeyDown={onKeyDown}
        placeholder="Write a reply… (Enter to send, Shift+Enter for a new line)"
        rows={2}
        maxLength={10_000}
      />
      <button type="submit" className="button primary" disabled={sending || !body.trim()}>
        {sending ? 'Sending…' : 'Send'}
      </button>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
