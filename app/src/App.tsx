import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, setUnauthorizedHandler } from './api';
import { Layout } from './components/Layout';
import { Loading } from './components/ui';
import { live } from './live';
import { claimCacheFor, useLiveCache } from './query';
import { AuthPage } from './pages/AuthPage';
import { ChatPage } from './pages/ChatPage';
import { FormEditorPage } from './pages/FormEditorPage';
import { FormsPage } from './pages/FormsPage';
import { ForgotPasswordPage } from './pages/ForgotPasswordPage';
import { InvitePage } from './pages/InvitePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { ReportsPage } from './pages/ReportsPage';
import { ResetPasswordPage } from './pages/ResetPasswordPage';
import { SettingsPage } from './pages/SettingsPage';
import { SubmissionDetailPage } from './pages/SubmissionDetailPage';
import { SubmissionsPage } from './pages/SubmissionsPage';
import { TagsPage } from './pages/TagsPage';
import { TeamPage } from './pages/TeamPage';
import { TicketDetailPage } from './pages/TicketDetailPage';
import { TicketsPage } from './pages/TicketsPage';
import { matchPath, navigate, useLocation } from './router';
import { SessionContext, type Session } from './session';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../shared/schemas/accounts';

type SessionState = { status: 'loading' } | { status: 'signed-out' } | { status: 'signed-in'; me: Me };

export function App() {
  const { t } = useTranslation();
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const { pathname } = useLocation();

  const refresh = useCallback(async () => {
    try {
      setState({ status: 'signed-in', me: await api.me() });
    } catch {
      setState({ status: 'signed-out' });
    }
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(() => setState({ status: 'signed-out' }));
    void refresh();
  }, [refresh]);

  const signedIn = state.status === 'signed-in';
  claimCacheFor(signedIn ? `${state.me.user.id} ${state.me.workspace.id}` : null);
  useLiveCache();
  useEffect(() => {
    if (signedIn) live.start();
    else live.stop();
  }, [signedIn]);
  // Removed from the workspace, or the session ended elsewhere (password changed): return to sign-in.
  useEffect(() => live.subscribe((event) => {
    if (event.type === 'workspace.left' || event.type === 'session.ended') void refresh();
  }), [refresh]);

  const session = useMemo<Session | null>(() => {
    if (state.status !== 'signed-in') return null;
    return {
      me: state.me,
      async signOut() {
        try {
          await api.logout();
        } finally {
          setState({ status: 'signed-out' });
          navigate('/login');
        }
      },
    };
  }, [state]);

  if (state.status === 'loading') return <Loading label={t('common.loadingApp')} />;
  // An invite link works signed in or out: it signs up, logs in or just joins.
  const invite = matchPath('/invite/:token', pathname);
  if (invite) return <InvitePage token={invite.token!} me={state.status === 'signed-in' ? state.me : null} onSignedIn={refresh} />;
  // Password reset works signed in or out; setting the new password ends this browser's session too.
  if (pathname === '/forgot-password') return <ForgotPasswordPage />;
  if (pathname === '/reset') return <ResetPasswordPage onReset={refresh} />;
  if (!session) {
    return <AuthPage mode={pathname === '/signup' ? 'signup' : 'login'} onSignedIn={refresh} />;
  }
  if (pathname === '/' || pathname === '/login' || pathname === '/signup') return <Redirect to="/chat" />;
  return (
    <SessionContext.Provider value={session}>
      <Layout>{route(pathname)}</Layout>
    </SessionContext.Provider>
  );
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

function route(pathname: string) {
  if (pathname === '/chat') return <ChatPage conversationId={null} />;
  let params = matchPath('/chat/:id', pathname);
  if (params) return <ChatPage conversationId={params.id!} />;
  if (pathname === '/tickets') return <TicketsPage />;
  if ((params = matchPath('/tickets/:id', pathname))) return <TicketDetailPage key={params.id} ticketId={params.id!} />;
  if (pathname === '/submissions') return <SubmissionsPage />;
  if ((params = matchPath('/submissions/:id', pathname))) return <SubmissionDetailPage key={params.id} submissionId={params.id!} />;
  if (pathname === '/forms') return <FormsPage />;
  if (pathname === '/forms/new') return <FormEditorPage key="new" formId={null} />;
  if ((params = matchPath('/forms/:id', pathname))) return <FormEditorPage key={params.id} formId={params.id!} />;
  if (pathname === '/reports') return <ReportsPage />;
  if (pathname === '/settings') return <SettingsPage />;
  if (pathname === '/team') return <TeamPage />;
  if (pathname === '/tags') return <TagsPage />;
  return <NotFoundPage />;
}
