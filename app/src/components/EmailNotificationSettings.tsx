import { useEffect, useState } from 'react';
import type { NotificationPrefs } from '../../../shared/schemas/availability';
import { api, ApiError } from '../api';
import { useResource } from '../hooks';
import { useToast } from './Toasts';
import { ErrorNotice } from './ui';

type Switch = keyof NotificationPrefs['email'];

const SWITCHES: [Switch, string][] = [
  ['newConversation', 'A visitor starts a new conversation'],
  ['newSubmission', 'A form gets a new submission'],
  ['assignedToMe', 'A conversation is assigned to me'],
  ['visitorReplyAssigned', 'A visitor replies in a conversation assigned to me'],
];

/**
 * Settings: this teammate's email notifications in this workspace. Each switch saves at once. Mail
 * goes out only while none of their dashboards is open, batched into digests.
 */
export function EmailNotificationSettings() {
  const saved = useResource(() => api.getNotificationPrefs(), []);
  const mail = useResource(() => api.mailStatus(), []);
  const [prefs, setPrefs] = useState<NotificationPrefs | null>(null);
  const toast = useToast();

  useEffect(() => {
    if (saved.data) setPrefs(saved.data);
  }, [saved.data]);

  const toggle = async (key: Switch, on: boolean) => {
    if (!prefs) return;
    const previous = prefs;
    const next = { email: { ...prefs.email, [key]: on } };
    setPrefs(next);
    try {
      setPrefs(await api.saveNotificationPrefs(next));
    } catch (caught) {
      setPrefs(previous);
      toast(caught instanceof ApiError ? caught.message : 'Could not save; try again.', 'error');
    }
  };

  return (
    <section className="card stack" aria-labelledby="email-notifications-title">
      <h2 id="email-notifications-title">Email notifications</h2>
      <p className="muted">
        Sent only while you have no dashboard open, and batched: at most one email every few minutes.
      </p>
      {mail.data && !mail.data.enabled && (
        <p className="notice warning" role="status">This server sends no email yet (see Email below), so these have no effect for now.</p>
      )}
      <ErrorNotice error={saved.error} onRetry={saved.reload} />
      {prefs && (
        <fieldset className="stack plain-fieldset">
          <legend className="visually-hidden">Email me when</legend>
          {SWITCHES.map(([key, label]) => (
            <label className="checkbox" key={key}>
              <input type="checkbox" checked={prefs.email[key]} onChange={(event) => void toggle(key, event.target.checked)} />
              {label}
            </label>
          ))}
        </fieldset>
      )}
    </section>
  );
}
