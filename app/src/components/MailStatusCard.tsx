import { api } from '../api';
import { useResource } from '../hooks';
import type { MailStatus } from '../../../shared/schemas/account-recovery';

const WHY: Record<MailStatus['missing'][number], string> = {
  SMTP_URL: 'no mail server is configured (SMTP_URL and SMTP_FROM)',
  PUBLIC_URL: 'the server does not know its public address (PUBLIC_URL), which every link in a mail needs',
};

/** Settings: whether this server sends email, and if not, which setting is missing. */
export function MailStatusCard() {
  const status = useResource<MailStatus>(() => api.mailStatus(), []);
  if (!status.data) return null;
  const { enabled, missing } = status.data;
  return (
    <section className="card" aria-labelledby="mail-title">
      <h2 id="mail-title">Email</h2>
      {enabled ? (
        <p className="muted">This server sends invites and password-reset links by email.</p>
      ) : (
        <p className="notice warning" role="status">
          No email is sent: {missing.map((name) => WHY[name]).join(', and ')}. Invite links must be passed on by hand and
          passwords cannot be reset by email until the server administrator sets {missing.join(' and ')}.
        </p>
      )}
    </section>
  );
}
