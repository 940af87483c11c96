import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { useConfirm } from '../components/ConfirmDialog';
import { useToast } from '../components/Toasts';
import { CopyField, ErrorNotice, PageHeader, RelativeTime, SkeletonRows } from '../components/ui';
import { useTitle } from '../hooks';
import { useTeam } from '../query';
import { useSession } from '../session';
import type { CreatedInvite, Invite, TeamMember } from '../../../shared/schemas/team';

/** The workspace's people. Everyone sees them; only the owner invites and removes. */
export function TeamPage() {
  useTitle('Team');
  const { me } = useSession();
  // Refetched on every visit, when a member is removed and after a gap in live events (query.ts).
  const team = useTeam({ fresh: true });
  const [created, setCreated] = useState<CreatedInvite | null>(null);
  const [confirmElement, confirm] = useConfirm();
  const toast = useToast();
  const isOwner = me.workspace.role === 'owner';

  const remove = async (member: TeamMember) => {
    const ok = await confirm({
      title: `Remove ${member.name} from the team?`,
      body: 'They are signed out of this workspace at once and their tickets become unassigned. Their own account stays.',
      confirmLabel: 'Remove',
      danger: true,
    });
    if (!ok) return;
    try {
      await api.removeMember(member.id);
      toast(`${member.name} was removed`);
      team.reload();
    } catch (error) {
      toast((error as Error).message, 'error');
    }
  };

  const revoke = async (invite: Invite) => {
    try {
      await api.revokeInvite(invite.id);
      if (created?.invite.id === invite.id) setCreated(null);
      team.reload();
    } catch (error) {
      toast((error as Error).message, 'error');
    }
  };

  return (
    <div className="page narrow">
      <PageHeader title="Team" />
      <p className="muted page-intro">Everyone here works in the workspace “{me.workspace.name}”: chat, submissions and tickets.</p>
      <section className="card stack" aria-labelledby="members-title">
        <h2 id="members-title">Members</h2>
        <ErrorNotice error={team.error} onRetry={team.reload} />
        {!team.data ? (
          team.error ? null : <SkeletonRows count={2} />
        ) : (
          <ul className="token-list member-list">
            {team.data.members.map((member) => (
              <li key={member.id} data-member-id={member.id}>
                <span>{member.name}{member.id === me.user.id && ' (you)'}</span>
                <span className="muted small">{member.email}</span>
                <span className="badge role">{member.role === 'owner' ? 'Owner' : 'Member'}</span>
                {isOwner && member.role !== 'owner' && (
                  <button type="button" className="button ghost small" onClick={() => void remove(member)}>
                    Remove
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
        <p className="muted">Only the workspace owner can invite or remove teammates.</p>
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
      setError((caught as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card stack" aria-labelledby="invite-title">
      <h2 id="invite-title">Invite a teammate</h2>
      <p className="muted">An invite link works once and expires after 7 days. With an email, only that person can use it.</p>
      <form className="inline-form" onSubmit={create}>
        <label className="field grow">
          <span className="label">Email (optional)</span>
          <input type="email" value={email} onChange={(event) => setEmail(event.target.value)} maxLength={254} placeholder="teammate@example.com" />
        </label>
        <button type="submit" className="button primary" disabled={busy}>Create invite link</button>
      </form>
      {error && <p className="form-error" role="alert">{error}</p>}
      {created && (
        <div className="notice invite-created">
          <CopyField label="Invite link (shown once)" value={new URL(created.url, window.location.origin).href} />
          <p className="small muted">
            {created.emailed ? `Also emailed to ${created.invite.email}.` : 'Send it to your teammate; they sign up or log in through it.'}
          </p>
        </div>
      )}
      {invites.length > 0 && (
        <>
          <h3 className="section-title">Pending invites</h3>
          <ul className="token-list">
            {invites.map((invite) => (
              <li key={invite.id}>
                <span>{invite.email ?? 'Anyone with the link'}</span>
                <span className="muted small">expires <RelativeTime iso={invite.expiresAt} /></span>
                <button type="button" className="button ghost small" onClick={() => void onRevoke(invite)}>Revoke</button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
