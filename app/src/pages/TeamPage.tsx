import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { useConfirm } from '../components/ConfirmDialog';
import { useToast } from '../components/Toasts';
import { CopyField, ErrorNotice, PageHeader, RelativeTime, SkeletonRows } from '../components/ui';
import { useTitle } from '../hooks';
import { useTeam } from '../query';
import { useSession } from '../session';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../i18n/errors';
import type { CreatedInvite, Invite, TeamMember } from '../../../shared/schemas/team';

/** The workspace's people. Everyone sees them; only the owner invites and removes. */
export function TeamPage() {
  const { t } = useTranslation();
  useTitle(t('nav.team'));
  const { me } = useSession();
  // Refetched on every visit, when a member is removed and after a gap in live events (query.ts).
  const team = useTeam({ fresh: true });
  const [created, setCreated] = useState<CreatedInvite | null>(null);
  const [confirmElement, confirm] = useConfirm();
  const toast = useToast();
  const isOwner = me.workspace.role === 'owner';

  const remove = async (member: TeamMember) => {
    const ok = await confirm({
      title: t('team.removeTitle', { name: member.name }),
      body: t('team.removeBody'),
      confirmLabel: t('team.remove'),
      danger: true,
    });
    if (!ok) return;
    try {
      await api.removeMember(member.id);
      toast(t('team.removed', { name: member.name }));
      team.reload();
    } catch (error) {
      toast(errorMessage(error), 'error');
    }
  };

  const revoke = async (invite: Invite) => {
    try {
      await api.revokeInvite(invite.id);
      if (created?.invite.id === invite.id) setCreated(null);
      team.reload();
    } catch (error) {
      toast(errorMessage(error), 'error');
    }
  };

  return (
    <div className="page narrow">
      <PageHeader title={t('nav.team')} />
      <p className="muted page-intro">{t('team.intro', { name: me.workspace.name })}</p>
      <section className="card stack" aria-labelledby="members-title">
        <h2 id="members-title">{t('team.members')}</h2>
        <ErrorNotice error={team.error} onRetry={team.reload} />
        {!team.data ? (
          team.error ? null : <SkeletonRows count={2} />
        ) : (
          <ul className="token-list member-list">
            {team.data.members.map((member) => (
              <li key={member.id} data-member-id={member.id}>
                <span>{member.id === me.user.id ? t('team.memberYou', { name: member.name }) : member.name}</span>
                <span className="muted small">{member.email}</span>
                <span className="badge role">{member.role === 'owner' ? t('team.owner') : t('team.member')}</span>
                {isOwner && member.role !== 'owner' && (
                  <button type="button" className="button ghost small" onClick={() => void remove(member)}>
                    {t('team.remove')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      {isOwner ? (
        <InviteSection
          invites={team.data?.invites ?? []}
          created={created}
          onCreated={(invite) => {
            setCreated(invite);
            team.reload();
          }}
          onRevoke={revoke}
        />
      ) : (
        <p className="muted">{t('team.onlyOwner')}</p>
      )}
      {confirmElement}
    </div>
  );
}

function InviteSection({ invites, created, onCreated, onRevoke }: {
  invites: Invite[];
  created: CreatedInvite | null;
  onCreated: (invite: CreatedInvite) => void;
  onRevoke: (invite: Invite) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onCreated(await api.createInvite(email.trim() || undefined));
      setEmail('');
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card stack" aria-labelledby="invite-title">
      <h2 id="invite-title">{t('team.inviteTitle')}</h2>
      <p className="muted">{t('team.inviteHelp')}</p>
      <form className="inline-form" onSubmit={create}>
        <label className="field grow">
          <span className="label">{t('team.emailOptional')}</span>
          <input type="email" value={email} onChange={(event) => setEmail(event.target.value)} maxLength={254} placeholder={t('team.emailPlaceholder')} />
        </label>
        <button type="submit" className="button primary" disabled={busy}>{t('team.createInvite')}</button>
      </form>
      {error && <p className="form-error" role="alert">{error}</p>}
      {created && (
        <div className="notice invite-created">
          <CopyField label={t('team.inviteLink')} value={new URL(created.url, window.location.origin).href} />
          <p className="small muted">
            {created.emailed ? t('team.emailed', { email: created.invite.email }) : t('team.sendIt')}
          </p>
        </div>
      )}
      {invites.length > 0 && (
        <>
          <h3 className="section-title">{t('team.pending')}</h3>
          <ul className="token-list">
            {invites.map((invite) => (
              <li key={invite.id}>
                <span>{invite.email ?? t('team.anyone')}</span>
                <span className="muted small">{t('team.expires')} <RelativeTime iso={invite.expiresAt} /></span>
                <button type="button" className="button ghost small" onClick={() => void onRevoke(invite)}>{t('settings.tokens.revoke')}</button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
