/**
 * The theme knobs. They write one stylesheet, `oauth-cc-connect { … }`, that styles every element
 * on the page; the CSS shown to copy is that same stylesheet, so what you see is what you paste.
 * Only knobs that were moved appear in it: the element's defaults need no CSS.
 */
type Knob =
  | { property: string; label: string; kind: 'color'; read: (element: HTMLElement) => string }
  | {
      property: string;
      label: string;
      kind: 'range';
      min: number;
      max: number;
      step: number;
      unit: string;
      initial: number;
    }
  | { property: string; label: string; kind: 'font' };

const part = (element: HTMLElement, name: string) => element.shadowRoot!.querySelector<HTMLElement>(`[part=${name}]`)!;

// Colour knobs start from what the element actually renders, read back from a live instance,
// so they stay right in light and dark and whatever the element's defaults become.
const KNOBS: Knob[] = [
  {
    property: '--oauth-cc-accent',
    label: 'Accent',
    kind: 'color',
    read: (el) => getComputedStyle(part(el, 'button')).backgroundColor,
  },
  {
    property: '--oauth-cc-accent-text',
    label: 'Text on accent',
    kind: 'color',
    read: (el) => getComputedStyle(part(el, 'button')).color,
  },
  { property: '--oauth-cc-color', label: 'Text', kind: 'color', read: (el) => getComputedStyle(el).color },
  {
    property: '--oauth-cc-background',
    label: 'Background',
    kind: 'color',
    read: (el) => getComputedStyle(el).backgroundColor,
  },
  {
    property: '--oauth-cc-muted',
    label: 'Muted text',
    kind: 'color',
    read: (el) => getComputedStyle(part(el, 'toggle')).color,
  },
  {
    property: '--oauth-cc-border',
    label: 'Borders',
    kind: 'color',
    read: (el) => getComputedStyle(part(el, 'input')).borderTopColor,
  },
  {
    property: '--oauth-cc-error',
    label: 'Error',
    kind: 'color',
    read: (el) => getComputedStyle(part(el, 'notice').querySelector('svg')!).color,
  },
  {
    property: '--oauth-cc-radius',
    label: 'Corner radius',
    kind: 'range',
    min: 0,
    max: 20,
    step: 1,
    unit: 'px',
    initial: 6,
  },
  {
    property: '--oauth-cc-spacing',
    label: 'Spacing',
    kind: 'range',
    min: 4,
    max: 32,
    step: 2,
    unit: 'px',
    initial: 20,
  },
  { property: '--oauth-cc-font', label: 'Font', kind: 'font' },
];

const FONTS: Record<string, string> = {
  '': 'System UI (the default)',
  "1rem/1.5 Georgia, 'Times New Roman', serif": 'Serif',
  '0.875rem/1.5 ui-monospace, Menlo, Consolas, monospace': 'Monospace',
};

/** `rgb(11, 87, 208)` → `#0b57d0`: the colour input only takes hex. */
function toHex(color: string): string {
  const [r = 0, g = 0, b = 0] = color.match(/\d+(\.\d+)?/g)?.map(Number) ?? [];
  return `#${[r, g, b].map((n) => Math.round(n).toString(16).padStart(2, '0')).join('')}`;
}

function createControl(knob: Knob): HTMLInputElement | HTMLSelectElement {
  if (knob.kind === 'font') {
    const select = document.createElement('select');
    for (const [value, label] of Object.entries(FONTS)) select.append(new Option(label, value));
    return select;
  }
  const input = Object.assign(document.createElement('input'), { type: knob.kind });
  if (knob.kind === 'range')
    Object.assign(input, { min: knob.min, max: knob.max, step: knob.step, value: knob.initial });
  return input;
}

export interface Theme {
  /** Re-reads the colour defaults; call once the elements have rendered. */
  readDefaults(): void;
}

/**
 * Builds the knobs into `list` and keeps `style` (a <style> element) and `output` in step.
 * `sample` is an element in the failed state, from which the defaults are read; the direction
 * knob sets `dir` on `directed`.
 */
export function setUpTheme(
  form: HTMLFormElement,
  list: HTMLElement,
  style: HTMLStyleElement,
  output: HTMLElement,
  sample: HTMLElement,
  directed: HTMLElement[],
): Theme {
  const moved = new Map<string, string>();
  const controls = new Map<Knob, HTMLInputElement | HTMLSelectElement>();
  let scheme = '';

  for (const knob of KNOBS) {
    const id = `knob${knob.property}`;
    const row = Object.assign(document.createElement('div'), { className: 'knob' });
    const label = Object.assign(document.createElement('label'), { htmlFor: id });
    label.append(knob.label, Object.assign(document.createElement('code'), { textContent: knob.property }));
    const control = Object.assign(createControl(knob), { id });
    controls.set(knob, control);
    if (knob.kind === 'range') {
      // The read-out sits beside the label and the slider takes the full width below.
      const value = Object.assign(document.createElement('output'), {
        htmlFor: id,
        textContent: `${knob.initial}${knob.unit}`,
      });
      control.addEventListener('input', () => (value.textContent = `${control.value}${knob.unit}`));
      row.append(label, value, control);
    } else {
      row.append(label, control);
    }
    list.append(row);
    control.addEventListener('input', () => {
      const value = knob.kind === 'range' ? `${control.value}${knob.unit}` : control.value;
      if (value) moved.set(knob.property, value);
      else moved.delete(knob.property);
      render();
    });
  }

  function render(): void {
    const declarations = [
      ...(scheme ? [`color-scheme: ${scheme};`] : []),
      ...[...moved].map(([name, value]) => `${name}: ${value};`),
    ];
    const css = declarations.length
      ? `oauth-cc-connect {\n${declarations.map((line) => `  ${line}`).join('\n')}\n}`
      : 'oauth-cc-connect {\n  /* the defaults: move a knob */\n}';
    style.textContent = css;
    output.textContent = css;
  }

  function readDefaults(): void {
    for (const [knob, control] of controls) {
      if (knob.kind === 'color' && !moved.has(knob.property)) control.value = toHex(knob.read(sample));
    }
  }

  form.addEventListener('change', (event) => {
    const target = event.target as HTMLInputElement;
    // Direction is the page's, not a theme's: it sets `dir` on what holds the elements.
    if (target.name === 'dir') for (const holder of directed) holder.dir = target.value;
    if (target.name !== 'scheme') return;
    scheme = target.value;
    // The page follows too, so the cards around the elements match.
    document.documentElement.style.colorScheme = scheme;
    render();
    readDefaults();
  });
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', readDefaults);

  form.querySelector('#reset-theme')!.addEventListener('click', () => {
    for (const [knob, control] of controls) {
      if (knob.kind === 'range') control.value = String(knob.initial);
      if (knob.kind === 'font') control.value = '';
      // Updates the range's read-out; the knob counts as moved until the line below.
      control.dispatchEvent(new Event('input'));
    }
    moved.clear();
    render();
    readDefaults();
  });

  const copy = form.querySelector<HTMLButtonElement>('#copy-css')!;
  copy.addEventListener('click', async () => {
    await navigator.clipboard.writeText(output.textContent ?? '').then(
      () => (copy.textContent = 'Copied'),
      () => getSelection()?.selectAllChildren(output),
    );
    setTimeout(() => (copy.textContent = 'Copy'), 1500);
  });

  render();
  return { readDefaults };
}
