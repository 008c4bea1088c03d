/**
 * The page's only way to make DOM: elements are created with `document.createElement` and every piece
 * of data goes in through `textContent` or `setAttribute` on inert attributes — never `innerHTML`.
 * Span data (prompts, tool output, attribute values) is attacker-controlled.
 */

/** A child: a node, text (set as a text node), or nothing. */
export type Child = Node | string | number | null | undefined | false;

/** Element properties {@link h} understands. */
export interface Props {
  class?: string;
  /** Plain text content (escaped by construction). */
  text?: string;
  title?: string;
  /** Link target; only `http:`, `https:` and in-page `#...` URLs are kept. */
  href?: string;
  /** `data-*` attributes. */
  data?: Record<string, string>;
  /** Other inert attributes (`aria-*`, `role`, `type`, `placeholder`, ...). Never `on*`, `style`, `src`. */
  attrs?: Record<string, string>;
  onClick?: (ev: MouseEvent) => void;
}

/** Keeps `http(s)` and `#fragment` URLs; anything else (e.g. `javascript:`) becomes undefined. */
export function safeHref(url: string | undefined): string | undefined {
  if (!url) return undefined;
  if (url.startsWith('#')) return url;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** Creates an element. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.title !== undefined) el.title = props.title;
  if (props.text !== undefined) el.textContent = props.text;
  const href = safeHref(props.href);
  if (href && el instanceof HTMLAnchorElement) {
    el.href = href;
    if (!href.startsWith('#')) {
      el.target = '_blank';
      el.rel = 'noopener noreferrer';
    }
  }
  for (const [k, v] of Object.entries(props.data ?? {})) el.dataset[k] = v;
  for (const [k, v] of Object.entries(props.attrs ?? {})) {
    const name = k.toLowerCase();
    if (name.startsWith('on') || name === 'style' || name === 'src' || name === 'href' || name === 'srcdoc')
      continue;
    el.setAttribute(k, v);
  }
  if (props.onClick) (el as HTMLElement).addEventListener('click', props.onClick);
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'number' ? String(c) : c);
  }
  return el;
}

/** Removes every child of `el`. */
export function clear(el: Element): void {
  el.replaceChildren();
}
