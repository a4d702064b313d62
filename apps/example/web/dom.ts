// A tiny element builder: enough DOM for a handful of forms, without a framework.

type Child = Node | string | null | undefined | false;
type Attributes = Record<string, string | boolean | undefined | ((event: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, ''), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child);
  }
  return element;
}

/** A labelled input. */
export function field(label: string, input: HTMLInputElement | HTMLSelectElement): HTMLLabelElement {
  return h('label', {}, h('span', {}, label), input);
}

/** The named controls of a form, as strings. */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of new FormData(form).entries()) values[name] = String(value);
  return values;
}

export function codeInput(): HTMLInputElement {
  return h('input', {
    name: 'code',
    inputmode: 'numeric',
    autocomplete: 'one-time-code',
    required: true,
    'data-testid': 'code',
  });
}

export function radios(name: string, options: readonly string[]): HTMLElement {
  return h(
    'fieldset',
    {},
    ...options.map((option, index) =>
      h(
        'label',
        { class: 'check' },
        h('input', { type: 'radio', name, value: option, checked: index === 0 }),
        option,
      ),
    ),
  );
}
