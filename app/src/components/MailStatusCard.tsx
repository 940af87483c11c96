import { api } from '../api';
import { useResource } from '../hooks';
import type { MailStatus } from '../../../shared/schemas/account-recovery';
import { useTranslation } from 'react-i18next';

/** Settings: whether this server sends email, and if not, which setting is missing. */
export function MailStatusCard() {
  const { t } = useTranslation();
  const status = useResource<MailStatus>(() => api.mailStatus(), []);
  if (!status.data) return null;
  const { enabled, missing } = status.data;
  return (
    <section className="card" aria-labelledby="mail-title">
      <h2 id="mail-title">{t('settings.mail.title')}</h2>
      {enabled ? (
        <p className="muted">{t('settings.mail.enabled')}</p>
      ) : (
        <p className="notice warning" role="status">
          {t('settings.mail.disabled', { why: missing.map((name) => t(`settings.mail.why.${name}`)).join(t('settings.mail.andWhy')), settings: missing.join(t('settings.mail.and')) })}
        </p>
      )}
    </section>
  );
}
