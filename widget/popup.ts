import type { Fields } from './connect-request.js';

/**
 * Opens an empty 480×640 popup named `name`, centred over this window. It must run
 * synchronously in the click handler: Safari and Firefox block a popup opened after an
 * `await`. Returns null when the browser blocks it. The form post below navigates it.
 */
export function openPopup(name: string): Window | null {
  const left = screenX + outerWidth / 2 - 240;
  const top = screenY + outerHeight / 2 - 320;
  return open('', name, `popup,width=480,height=640,left=${left},top=${top}`);
}

/**
 * Posts `body` into the popup named `target` with a throwaway form, so the secret travels in a
 * request body and never in a URL. The form goes at once, before it is ever painted, so the
 * secret does not stay in the DOM; `submit()` has already taken the form's data by then.
 */
export function postToPopup(parent: ParentNode, action: string, body: Fields, target: string): void {
  const form = Object.assign(document.createElement('form'), { method: 'post', action, target });
  for (const [name, value] of Object.entries(body)) {
    form.append(Object.assign(document.createElement('input'), { type: 'hidden', name, value }));
  }
  parent.append(form);
  form.submit();
  form.remove();
}
