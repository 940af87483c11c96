/**
 * The tab title: the current view's name, prefixed with the unread count so a teammate sees new
 * chats from any tab: "(3) Tickets · FloatMessage".
 */
let page = '';
let count = 0;

function render(): void {
  const base = page ? `${page} · FloatMessage` : 'FloatMessage';
  document.title = count > 0 ? `(${count}) ${base}` : base;
}

export function setPageTitle(title: string): void {
  page = title;
  render();
}

export function setTitleCount(next: number): void {
  count = next;
  render();
}
