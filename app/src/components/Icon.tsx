/** A small set of stroke icons (24×24 paths), drawn inline so no icon font or library ships. */
const PATHS = {
  chat: 'M4 5h16v11H9l-5 4z',
  ticket: 'M4 7a2 2 0 0 0 0 4v6h16v-6a2 2 0 0 1 0-4V5H4z M13 5v14',
  inbox: 'M4 13l3-8h10l3 8v6H4z M4 13h5l1 2h4l1-2h5',
  form: 'M6 3h12v18H6z M9 8h6 M9 12h6 M9 16h3',
  chart: 'M4 20V4 M4 20h16 M8 16v-4 M12 16V8 M16 16v-6',
  settings: 'M12 8a4 4 0 1 0 0 8a4 4 0 1 0 0-8z M12 2v3 M12 19v3 M2 12h3 M19 12h3 M5 5l2 2 M17 17l2 2 M5 19l2-2 M17 7l2-2',
  dots: 'M5 12h.01 M12 12h.01 M19 12h.01',
  upload: 'M12 16V4 M7 9l5-5 5 5 M4 20h16',
  download: 'M12 4v12 M7 11l5 5 5-5 M4 20h16',
  external: 'M14 4h6v6 M20 4l-9 9 M18 14v6H4V6h6',
  trash: 'M4 7h16 M9 7V4h6v3 M6 7l1 13h10l1-13',
  file: 'M6 3h8l4 4v14H6z M14 3v4h4',
  pdf: 'M6 3h8l4 4v14H6z M14 3v4h4 M9 13h6 M9 17h4',
  image: 'M4 5h16v14H4z M4 16l5-5 4 4 3-3 4 4 M15 9h.01',
  plus: 'M12 5v14 M5 12h14',
  logout: 'M15 4h4v16h-4 M10 8l-4 4 4 4 M6 12h10',
  link: 'M10 14a4 4 0 0 0 6 0l3-3a4 4 0 0 0-6-6l-1 1 M14 10a4 4 0 0 0-6 0l-3 3a4 4 0 0 0 6 6l1-1',
  copy: 'M8 8h12v12H8z M4 16V4h12',
  close: 'M6 6l12 12 M18 6L6 18',
  globe: 'M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18z M3 12h18 M12 3c3 3 3 15 0 18 M12 3c-3 3-3 15 0 18',
  warning: 'M12 3l10 18H2z M12 10v5 M12 18h.01',
  users: 'M9 11a4 4 0 1 0 0-8a4 4 0 1 0 0 8z M2 21v-2a5 5 0 0 1 5-5h4a5 5 0 0 1 5 5v2 M16 3.5a4 4 0 0 1 0 7 M22 21v-2a5 5 0 0 0-3.5-4.8',
  tag: 'M3 3h8l10 10-8 8L3 11z M7.5 7.5h.01',
  user: 'M12 11a4 4 0 1 0 0-8a4 4 0 1 0 0 8z M4 21v-1a6 6 0 0 1 6-6h4a6 6 0 0 1 6 6v1',
  paperclip: 'M20 11l-8.5 8.5a5 5 0 0 1-7-7L13 4a3.5 3.5 0 0 1 5 5l-8.5 8.5a2 2 0 0 1-3-3L14 7',
  menu: 'M4 6h16 M4 12h16 M4 18h16',
  back: 'M15 5l-7 7 7 7',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 16, className }: { name: IconName; size?: number; className?: string }) {
  return (
    <svg
      className={className ? `icon ${className}` : 'icon'}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={name === 'dots' ? 3 : 1.75}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
