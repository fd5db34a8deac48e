const EVENTS = ['oauth-cc-connected', 'oauth-cc-failed', 'oauth-cc-cancelled'] as const;
const MAX_ENTRIES = 50;

const time = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/**
 * Lists the element's events, newest first, with their `detail` as the host receives it
 * (which never holds a secret). Newest first, in a box of fixed height, so nothing moves.
 */
export function logEvents(element: HTMLElement, list: HTMLOListElement, clear: HTMLButtonElement): void {
  const empty = list.querySelector('.log-empty')!;
  for (const type of EVENTS) {
    element.addEventListener(type, (event) => {
      empty.remove();
      const entry = document.createElement('li');
      entry.dataset.type = type;
      const when = Object.assign(document.createElement('time'), {
        className: 'log-time',
        textContent: time.format(new Date()),
      });
      const name = Object.assign(document.createElement('span'), { className: 'log-type', textContent: type });
      name.dataset.type = type;
      entry.append(when, name);
      const detail = (event as CustomEvent).detail;
      if (detail !== undefined && detail !== null) {
        entry.append(
          Object.assign(document.createElement('pre'), {
            className: 'log-detail',
            textContent: JSON.stringify(detail, null, 1).replace(/\n\s*/g, ' '),
          }),
        );
      }
      list.prepend(entry);
      list.scrollTop = 0;
      while (list.children.length > MAX_ENTRIES) list.lastElementChild!.remove();
    });
  }
  clear.addEventListener('click', () => list.replaceChildren(empty));
}
