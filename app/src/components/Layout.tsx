import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useInboxAlerts } from '../alerts/useInboxAlerts';
import { api } from '../api';
import { useLiveStatus } from '../live';
import { Link, matchPath, useLocation } from '../router';
import { useSession } from '../session';
import { Icon, type IconName } from './Icon';
import { useTranslation } from 'react-i18next';

const NAV: { to: string; label: 'chat' | 'tickets' | 'tags' | 'submissions' | 'forms' | 'reports' | 'team' | 'settings'; icon: IconName; count?: 'conversations' | 'submissions' }[] = [
  { to: '/chat', label: 'chat', icon: 'chat', count: 'conversations' },
  { to: '/tickets', label: 'tickets', icon: 'ticket' },
  { to: '/tags', label: 'tags', icon: 'tag' },
  { to: '/submissions', label: 'submissions', icon: 'inbox', count: 'submissions' },
  { to: '/forms', label: 'forms', icon: 'form' },
  { to: '/reports', label: 'reports', icon: 'chart' },
  { to: '/team', label: 'team', icon: 'users' },
  { to: '/settings', label: 'settings', icon: 'settings' },
];

export function Layout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { me, signOut } = useSession();
  const { pathname } = useLocation();
  const status = useLiveStatus();
  const mainRef = useRef<HTMLElement>(null);
  const section = `/${pathname.split('/')[1] ?? ''}`;
  const { counts, announcement } = useInboxAlerts(me.user.id, matchPath('/chat/:id', pathname)?.id ?? null);
  // Phones and small tablets: the navigation is a drawer behind the top bar's Menu button (CSS decides when).
  const [navOpen, setNavOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  useEffect(() => setNavOpen(false), [pathname]);
  const closeNav = () => {
    setNavOpen(false);
    menuButton.current?.focus();
  };
  // The open drawer takes focus (its first link) and Escape closes it, wherever focus is.
  useEffect(() => {
    if (!navOpen) return;
    document.querySelector<HTMLElement>('#main-nav a')?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setNavOpen(false);
      menuButton.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    // Widening the window past the drawer's breakpoint shows the sidebar as usual: nothing left to close.
    const wide = window.matchMedia('(min-width: 901px)');
    const onWide = () => wide.matches && setNavOpen(false);
    wide.addEventListener('change', onWide);
    return () => {
      document.removeEventListener('keydown', onKey);
      wide.removeEventListener('change', onWide);
    };
  }, [navOpen]);

  // Moving between sections puts keyboard and screen-reader focus at the top of the new page.
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.focus({ preventScroll: true });
  }, [section]);

  return (
    <div className={navOpen ? 'shell nav-open' : 'shell'}>
      <a className="skip-link" href="#main">
        {t('layout.skipToContent')}
      </a>
      <header className="topbar">
        <button ref={menuButton} type="button" className="button ghost icon-button" aria-expanded={navOpen} aria-controls="main-nav" onClick={() => setNavOpen(!navOpen)}>
          <Icon name="menu" />
          <span className="visually-hidden">{t('layout.menu')}</span>
          {counts.conversations + counts.submissions > 0 && <span className="unread-dot" aria-hidden="true" />}
        </button>
        <span className="brand">
          <span className="brand-mark" aria-hidden="true" />
          FloatMessage
        </span>
      </header>
      {navOpen && <button type="button" className="nav-backdrop" tabIndex={-1} aria-hidden="true" onClick={closeNav} />}
      <nav id="main-nav" className="sidebar" aria-label={t('layout.mainNav')}>
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          FloatMessage
        </div>
        <ul className="nav-list">
          {NAV.map((item) => {
            const count = item.count ? counts[item.count] : 0;
            const countLabel = item.count === 'submissions' ? t('layout.countNew', { count }) : t('layout.countUnread', { count });
            return (
              <li key={item.to}>
                <Link
                  to={item.to}
                  className="nav-link"
                  aria-current={section === item.to ? 'page' : undefined}
                >
                  <Icon name={item.icon} />
                  {/* The count is read as part of the link text ("Chat, 3 unread") so the visible name stays inside the
                      accessible one. Zero-size inline text, not .visually-hidden: an absolutely positioned span would
                      be read with a space before the comma. */}
                  <span>
                    {t(`nav.${item.label}`)}
                    {count > 0 && <span className="sr-inline">, {countLabel}</span>}
                  </span>
                  {count > 0 && (
                    <span className="nav-badge" data-testid={`badge-${item.count}`} title={countLabel} aria-hidden="true">
                      {count > 99 ? '99+' : count}
                    </span>
                  )}
                </Link>
              </li>
            );
          })}
        </ul>
        <div className="sidebar-footer">
          <p className={`live-status ${status}`} title={t('layout.liveUpdates')}>
            <span className="dot" aria-hidden="true" />
            {t(`layout.live.${status}`)}
          </p>
          <p className="account" title={me.user.email}>
            {me.user.name || me.user.email}
          </p>
          <WorkspaceSwitcher />
          <button type="button" className="button ghost small" onClick={() => void signOut()}>
            <Icon name="logout" />
            {t('layout.logOut')}
          </button>
        </div>
      </nav>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {/* While the drawer is open the page behind it is out of reach (focus and screen readers stay in the drawer). */}
      <main id="main" ref={mainRef} tabIndex={-1} className="main" inert={navOpen}>
        {children}
      </main>
    </div>
  );
}

/** Shown when the user works in more than one workspace; switching reloads the dashboard there. */
function WorkspaceSwitcher() {
  const { t } = useTranslation();
  const { me } = useSession();
  const [busy, setBusy] = useState(false);
  const id = useId();
  if (me.workspaces.length < 2) return <p className="muted small workspace-name">{t('layout.workspaceOf', { name: me.workspace.name })}</p>;
  const choose = async (ownerId: string) => {
    setBusy(true);
    try {
      await api.switchWorkspace(ownerId);
      // A full load: every view, cache and the live socket belong to the workspace.
      window.location.assign('/chat');
    } catch {
      setBusy(false);
    }
  };
  return (
    <label className="field workspace-switcher" htmlFor={id}>
      <span className="label">{t('layout.workspace')}</span>
      <select id={id} value={me.workspace.id} disabled={busy} onChange={(event) => void choose(event.target.value)}>
        {me.workspaces.map((workspace) => (
          <option key={workspace.id} value={workspace.id}>
            {workspace.role === 'owner' ? t('layout.workspaceYours', { name: workspace.name }) : workspace.name}
          </option>
        ))}
      </select>
    </label>
  );
}
