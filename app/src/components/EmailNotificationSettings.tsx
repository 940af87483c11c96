import { useEffect, useState } from 'react';
import type { NotificationPrefs } from '../../../shared/schemas/availability';
import { api } from '../api';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../i18n/errors';
import { useResource } from '../hooks';
import { useToast } from './Toasts';
import { ErrorNotice } from './ui';

type Switch = keyof NotificationPrefs['email'];

const SWITCHES: Switch[] = ['newConversation', 'newSubmission', 'assignedToMe', 'visitorReplyAssigned'];

/**
 * Settings: this teammate's email notifications in this workspace. Each switch saves at once. Mail
 * goes out only while none of their dashboards is open, batched into digests.
 */
export function EmailNotificationSettings() {
  const { t } = useTranslation();
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
      toast(errorMessage(caught), 'error');
    }
  };

  return (
    <section className="card stack" aria-labelledby="email-notifications-title">
      <h2 id="email-notifications-title">{t('settings.emailNotifications.title')}</h2>
      <p className="muted">
        {t('settings.emailNotifications.help')}
      </p>
      {mail.data && !mail.data.enabled && (
        <p className="notice warning" role="status">{t('settings.emailNotifications.noMail')}</p>
      )}
      <ErrorNotice error={saved.error} onRetry={saved.reload} />
      {prefs && (
        <fieldset className="stack plain-fieldset">
          <legend className="visually-hidden">{t('settings.emailNotifications.legend')}</legend>
          {SWITCHES.map((key) => (
            <label className="checkbox" key={key}>
              <input type="checkbox" checked={prefs.email[key]} onChange={(event) => void toggle(key, event.target.checked)} />
              {t(`settings.emailNotifications.switches.${key}`)}
            </label>
          ))}
        </fieldset>
      )}
    </section>
  );
}
