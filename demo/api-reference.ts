/**
 * The API tables, read from custom-elements.json (generated from the element's JSDoc by
 * `npm run analyze`). The glob yields nothing when the file is missing, and the page says so
 * instead of failing.
 */
interface Described {
  name: string;
  description?: string;
  type?: { text: string };
  default?: string;
}
interface Attribute extends Described {
  fieldName?: string;
}
interface Member extends Described {
  kind: string;
  privacy?: string;
  static?: boolean;
}
interface Declaration {
  tagName?: string;
  customElement?: boolean;
  attributes?: Attribute[];
  members?: Member[];
  events?: Described[];
  slots?: Described[];
  cssParts?: Described[];
  cssProperties?: Described[];
  cssStates?: Described[];
}
interface Manifest {
  modules: { declarations?: Declaration[] }[];
}

const manifests = import.meta.glob<Manifest>('../custom-elements.json', { eager: true, import: 'default' });

/** Text with `code spans` as <code>, built as nodes so nothing from the manifest is parsed as HTML. */
function prose(text = ''): Node[] {
  return text
    .split(/`([^`]+)`/)
    .map((piece, i) =>
      i % 2 ? Object.assign(document.createElement('code'), { textContent: piece }) : document.createTextNode(piece),
    );
}

const code = (text: string) => Object.assign(document.createElement('code'), { textContent: text });

function table(title: string, headings: string[], rows: (Node | string)[][]): HTMLElement {
  const card = Object.assign(document.createElement('div'), { className: 'card' });
  card.append(Object.assign(document.createElement('h3'), { textContent: title }));
  if (rows.length === 0) {
    card.append(Object.assign(document.createElement('p'), { className: 'muted small empty', textContent: 'None.' }));
    return card;
  }
  const element = document.createElement('table');
  const head = element.createTHead().insertRow();
  for (const heading of headings)
    head.append(Object.assign(document.createElement('th'), { scope: 'col', textContent: heading }));
  const body = element.createTBody();
  for (const cells of rows) {
    const row = body.insertRow();
    cells.forEach((cell, i) => {
      const td = row.insertCell();
      td.dataset.label = headings[i];
      td.append(cell);
    });
  }
  card.append(element);
  return card;
}

const describe = (item: Described) => {
  const span = document.createElement('span');
  span.append(...prose(item.description));
  return span;
};

const typeOf = (item: Described) => {
  const span = Object.assign(document.createElement('span'), { className: 'type' });
  if (item.type) span.append(code(item.type.text));
  if (item.default !== undefined) span.append(' = ', code(item.default));
  return span;
};

export function renderApiReference(container: HTMLElement, tagName: string): void {
  const declaration = Object.values(manifests)
    .flatMap((manifest) => manifest.modules)
    .flatMap((module) => module.declarations ?? [])
    .find((candidate) => candidate.tagName === tagName);
  if (!declaration) {
    const note = Object.assign(document.createElement('p'), { className: 'card muted' });
    note.append('No ', code('custom-elements.json'), ' yet. Run ', code('npm run analyze'), ' and reload.');
    container.replaceChildren(note);
    return;
  }
  const attributes = declaration.attributes ?? [];
  const attributeFields = new Set(attributes.map((attribute) => attribute.fieldName));
  const properties = (declaration.members ?? []).filter(
    (member) =>
      member.kind === 'field' &&
      !member.static &&
      (member.privacy ?? 'public') === 'public' &&
      !attributeFields.has(member.name),
  );
  container.replaceChildren(
    table(
      'Attributes',
      ['Attribute', 'Type', 'Description'],
      attributes.map((a) => [code(a.name), typeOf(a), describe(a)]),
    ),
    table(
      'Properties without an attribute',
      ['Property', 'Type', 'Description'],
      properties.map((p) => [code(p.name), typeOf(p), describe(p)]),
    ),
    table(
      'Events',
      ['Event', 'Description'],
      (declaration.events ?? []).map((e) => [code(e.name), describe(e)]),
    ),
    table(
      'Slots',
      ['Slot', 'Description'],
      (declaration.slots ?? []).map((s) => [code(s.name || '(default)'), describe(s)]),
    ),
    table(
      'CSS parts',
      ['Part', 'Description'],
      (declaration.cssParts ?? []).map((p) => [code(`::part(${p.name})`), describe(p)]),
    ),
    table(
      'CSS custom properties',
      ['Property', 'Description'],
      (declaration.cssProperties ?? []).map((p) => [code(p.name), describe(p)]),
    ),
    table(
      'Custom states',
      ['State', 'Description'],
      (declaration.cssStates ?? []).map((s) => [code(`:state(${s.name})`), describe(s)]),
    ),
  );
}
