import { useSyncExternalStore } from 'react';

/**
 * Per-browser alert switches, remembered in localStorage: the sound and the desktop notifications
 * (the browser itself remembers the notification permission).
 */
export type AlertPreference = 'sound' | 'desktop';

const KEYS: Record<AlertPreference, string> = { sound: 'fm.alerts.sound', desktop: 'fm.alerts.desktop' };
const listeners = new Set<() => void>();

export function alertEnabled(preference: AlertPreference): boolean {
  try {
    return localStorage.getItem(KEYS[preference]) !== 'off';
  } catch {
    return true;
  }
}

export function setAlertEnabled(preference: AlertPreference, on: boolean): void {
  try {
    localStorage.setItem(KEYS[preference], on ? 'on' : 'off');
  } catch {
    // Storage disabled: the switch cannot be remembered; the default (on) stays.
  }
  for (const listener of [...listeners]) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  // Another tab of the dashboard flipped the switch.
  const onStorage = () => listener();
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

export function useAlertEnabled(preference: AlertPreference): boolean {
  return useSyncExternalStore(subscribe, () => alertEnabled(preference));
}
