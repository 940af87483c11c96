import { useEffect, useRef } from 'react';

export interface ListShortcuts {
  move(delta: 1 | -1): void;
  open(): void;
  focusSearch(): void;
  create(): void;
  close(): void;
  assignToMe(): void;
  help(): void;
}

/** The keys and what they do (the `shortcuts.*` catalogue entry). */
export const SHORTCUTS: [string, 'move' | 'open' | 'search' | 'create' | 'close' | 'assign' | 'help'][] = [
  ['j / k', 'move'],
  ['Enter', 'open'],
  ['/', 'search'],
  ['c', 'create'],
  ['e', 'close'],
  ['a', 'assign'],
  ['?', 'help'],
];

/** Typing in a field (or working in an open dialog) never triggers a shortcut. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.closest('dialog[open]') !== null;
}

/** Single-key shortcuts of a list page (j/k, Enter, /, c, e, a, ?); handlers are read fresh on every key. */
export function useListShortcuts(handlers: ListShortcuts): void {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      if (document.querySelector('dialog[open]')) return;
      const h = ref.current;
      const actions: Record<string, () => void> = {
        j: () => h.move(1), k: () => h.move(-1), '/': h.focusSearch, c: h.create, e: h.close, a: h.assignToMe, '?': h.help,
      };
      // Enter on a focused link or button keeps its own meaning.
      if (event.key === 'Enter' && !(event.target instanceof HTMLElement && event.target.closest('a, button'))) actions.Enter = h.open;
      const action = actions[event.key];
      if (!action) return;
      event.preventDefault();
      action();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
