import { logTime, showNewest } from './log-list.js';

const EVENTS = ['oauth-cc-connected', 'oauth-cc-failed', 'oauth-cc-cancelled'] as const;

/**
 * Lists the element's events, newest first, with their `detail` as the host receives it
 * (which never holds a secret). Newest first, in a box of fixed height, so nothing moves.
 */
export function logEvents(element: HTMLElement, list: HTMLOListElement, clear: HTMLButtonElement): void {
  const empty = list.querySelector('.log-empty')!;
  for (const type of EVENTS) {
    element.addEventListener(type, (event) => {
      const entry = document.createElement('li');
      entry.dataset.type = type;
      const name = Object.assign(document.createElement('span'), { className: 'log-type', textContent: type });
      name.dataset.type = type;
      entry.append(logTime(new Date()), name);
      const detail = (event as CustomEvent).detail;
      if (detail !== undefined && detail !== null) {
        entry.append(
          Object.assign(document.createElement('pre'), {
            className: 'log-detail',
            textContent: JSON.stringify(detail, null, 1).replace(/\n\s*/g, ' '),
          }),
        );
      }
      showNewest(list, [entry]);
    });
  }
  clear.addEventListener('click', () => list.replaceChildren(empty));
}
