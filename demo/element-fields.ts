import type { OAuthCcConnect } from '../widget/index.js';

/**
 * Types `fields` (keyed by the element's field names: `client_id`, `client_secret`, `private_key`,
 * `key_id`) into the live element, as a person pasting from a provider's console would. Waits
 * for the element to render first: a new session may have just changed which fields it shows.
 */
export async function fillIn(element: OAuthCcConnect, fields: Record<string, string>): Promise<void> {
  await element.updateComplete;
  // After a connection its confirmation stands where the form was: choose other credentials
  // first, as the person would (the page then mints a new session, see sandbox-session.ts).
  element.shadowRoot!.querySelector<HTMLElement>('[part=reset]')?.click();
  await element.updateComplete;
  for (const [name, value] of Object.entries(fields)) {
    const input = element.shadowRoot!.querySelector<HTMLInputElement>(`input[name=${name}]`);
    if (!input) continue;
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  }
  element.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
}

/** What the element's Client ID field holds now (the connected event does not say which client it was). */
export const typedClientId = (element: OAuthCcConnect) =>
  element.shadowRoot!.querySelector<HTMLInputElement>('input[name=client_id]')?.value.trim() ?? '';
