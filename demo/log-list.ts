// What the demo's two logs (the element's events, the webhooks received) share: a timestamp per
// entry and a list of fixed height that shows the newest first and keeps the latest 50.

const MAX_ENTRIES = 50;

const time = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** The entry's time, HH:MM:SS in the reader's locale. */
export const logTime = (at: Date): HTMLTimeElement =>
  Object.assign(document.createElement('time'), { className: 'log-time', textContent: time.format(at) });

/** Puts `entries` (oldest first) at the top of `list`, in place of its empty note, and drops the oldest beyond 50. */
export function showNewest(list: HTMLOListElement, entries: HTMLLIElement[]): void {
  list.querySelector('.log-empty')?.remove();
  for (const entry of entries) list.prepend(entry);
  list.scrollTop = 0;
  while (list.children.length > MAX_ENTRIES) list.lastElementChild!.remove();
}
