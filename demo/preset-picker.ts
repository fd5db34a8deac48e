import type { ProviderPreset } from '../protocol/index.js';
import { fetchCatalog } from './sandbox-console.js';

/** The host a preset's token URL names, placeholders and all (`{my_domain}.{org_type}`). */
const tokenHost = (tokenUrl: string) => /^[a-z]+:\/\/([^/?#]+)/i.exec(tokenUrl)?.[1] ?? tokenUrl;

const code = (text: string) => Object.assign(document.createElement('code'), { textContent: text });

/** The catalog's presets in two groups, each by name: those that ask for more than the credentials first. */
function optionGroups(presets: ProviderPreset[]): HTMLOptGroupElement[] {
  const byName = [...presets].sort((a, b) => a.name.localeCompare(b.name));
  const group = (label: string, members: ProviderPreset[]) => {
    const element = Object.assign(document.createElement('optgroup'), { label: `${label} (${members.length})` });
    for (const { id, name, fields } of members) {
      // What the person types besides the credentials, so a designer finds the forms worth seeing.
      const asks = fields?.length ? ` · ${fields.map((field) => field.label).join(', ')}` : '';
      element.append(new Option(`${name}${asks}`, id));
    }
    return element;
  };
  return [
    group(
      'Asks for more than the ID and secret',
      byName.filter((preset) => preset.fields?.length),
    ),
    group(
      'Client ID and secret only',
      byName.filter((preset) => !preset.fields?.length),
    ),
  ];
}

export interface PresetPicker {
  /** Shows `id` as the session's preset ('' for the sandbox): the picker, the note, the instructions, the settings. */
  show(id: string): void;
  /** The preset `id` names, once the catalog is in. */
  preset(id: string): ProviderPreset | undefined;
}

/**
 * "Provider preset": the Worker's catalog (`GET /v1/providers`) in a grouped list. Choosing one
 * makes the page mint a session that names it (`provider`), so the live element shows that
 * provider's fields, steps and documentation link; "None" is the sandbox, as before. With a
 * preset the page slots no instructions of its own (the element then shows the preset's), the
 * sandbox-only settings step aside, and a note says plainly what Connect would do: reach the
 * provider's real token endpoint, which a local demo cannot connect to, so the preset shows its
 * form only. `instructions` is the page's own slotted help, taken out and put back.
 */
export function setUpPresets(
  select: HTMLSelectElement,
  note: HTMLElement,
  instructions: HTMLElement,
  sandboxOnly: HTMLElement[],
  endpoint: string,
): PresetPicker {
  const live = instructions.parentElement!;
  const loading = select.querySelector<HTMLOptionElement>('option[disabled]')!;
  let presets: ProviderPreset[] = [];
  let shown = '';

  const preset = (id: string) => presets.find((candidate) => candidate.id === id);

  const show = (id: string) => {
    shown = id;
    select.value = id;
    const chosen = preset(id);
    for (const control of sandboxOnly) control.toggleAttribute('disabled', !!id);
    if (id && instructions.isConnected) instructions.remove();
    if (!id && !instructions.isConnected) live.prepend(instructions);
    note.hidden = !id;
    if (!id) return note.replaceChildren();
    const name = chosen?.name ?? id;
    note.replaceChildren(
      'Connect reaches ',
      code(tokenHost(chosen?.tokenUrl ?? '')),
      `, ${name}’s own token endpoint, which this local demo cannot connect to (offline, and without real credentials): this shows the form only. Choose `,
      Object.assign(document.createElement('strong'), { textContent: 'None (the sandbox)' }),
      ' to click through outcomes.',
    );
  };

  void fetchCatalog(endpoint).then(
    (catalog) => {
      presets = catalog;
      loading.remove();
      select.append(...optionGroups(catalog));
      show(shown);
    },
    (error: Error) => {
      loading.textContent = `No catalog: ${error.message}`;
    },
  );

  return { show, preset };
}
