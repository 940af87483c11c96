import { useEffect, useState } from 'react';
import { navigate } from '../router';
import { alertEnabled } from './preferences';

export type DesktopPermission = NotificationPermission | 'unsupported';

export function desktopPermission(): DesktopPermission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** Asks the browser for permission; only ever called from the button in Settings (never on load). */
export async function requestDesktopPermission(): Promise<DesktopPermission> {
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.requestPermission();
}

/** The permission, re-read when the tab regains focus (it can be changed in the browser's site settings). */
export function useDesktopPermission(): [DesktopPermission, (value: DesktopPermission) => void] {
  const [permission, setPermission] = useState(desktopPermission);
  useEffect(() => {
    const update = () => setPermission(desktopPermission());
    window.addEventListener('focus', update);
    return () => window.removeEventListener('focus', update);
  }, []);
  return [permission, setPermission];
}

/**
 * A desktop notification about a conversation, only while the dashboard is not in front of the user
 * (hidden tab or another window focused); clicking it brings the window forward on that conversation.
 */
export function notifyDesktop(conversationId: string, title: string, body: string): void {
  if (desktopPermission() !== 'granted' || !alertEnabled('desktop')) return;
  if (document.visibilityState === 'visible' && document.hasFocus()) return;
  try {
    // One notification per conversation: a newer message replaces the older one.
    const notification = new Notification(title, { body: body.slice(0, 180), tag: `fm-conversation-${conversationId}` });
    notification.onclick = () => {
      window.focus();
      navigate(`/chat/${encodeURIComponent(conversationId)}`);
      notification.close();
    };
  } catch {
    // Some browsers only allow notifications from a service worker; the in-page alerts remain.
  }
}
