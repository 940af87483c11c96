import { useSyncExternalStore } from 'react';

/**
 * The dashboard's colour theme, per browser (localStorage). "auto" follows the system through CSS
 * alone (theme.css's prefers-color-scheme layer), so it needs no listener; "light"/"dark" pin it with
 * html[data-theme]. Applied from main.tsx before React renders (the CSP forbids an inline script).
 */
export type ThemeChoice = 'auto' | 'light' | 'dark';

const KEY = 'fm.theme';
const listeners = new Set<() => void>();

export function storedTheme(): ThemeChoice {
  try {
    const value = localStorage.getItem(KEY);
    return value === 'light' || value === 'dark' ? value : 'auto';
  } catch {
    return 'auto';
  }
}

export function applyTheme(choice: ThemeChoice = storedTheme()): void {
  const root = document.documentElement;
  if (choice === 'auto') root.removeAttribute('data-theme');
  else root.setAttribute('data-theme', choice);
}

export function setTheme(choice: ThemeChoice): void {
  try {
    if (choice === 'auto') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, choice);
  } catch {
    // Storage disabled: the choice holds for this page only.
  }
  applyTheme(choice);
  for (const listener of [...listeners]) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  // Another tab of the dashboard changed the theme: follow it here too.
  const onStorage = (event: StorageEvent) => {
    if (event.key !== KEY && event.key !== null) return;
    applyTheme();
    listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

export function useTheme(): ThemeChoice {
  return useSyncExternalStore(subscribe, storedTheme, () => 'auto');
}
