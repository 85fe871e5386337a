// The only way the UI builds DOM. Strings always become text nodes, never markup: article text and
// titles come from the web, so nothing here (or anywhere in src/) parses HTML. A test greps src/
// for the DOM's HTML-parsing APIs to keep it that way.

export type Child = Node | string | number | null | undefined | false | Child[];

type Handler = (ev: Event) => void;
export interface Props {
  class?: string | Record<string, boolean>;
  attrs?: Record<string, string | number | boolean | null | undefined>;
  data?: Record<string, string | number>;
  on?: Record<string, Handler>;
  style?: Partial<Record<string, string>>;
  text?: string;
  title?: string;
  [prop: string]: unknown;
}

function className(c: Props["class"]): string {
  if (!c) return "";
  if (typeof c === "string") return c;
  return Object.entries(c)
    .filter(([, on]) => on)
    .map(([k]) => k)
    .join(" ");
}

export function append(parent: Node, child: Child): void {
  if (child === null || child === undefined || child === false) return;
  if (Array.isArray(child)) {
    for (const c of child) append(parent, c);
  } else if (child instanceof Node) {
    parent.appendChild(child);
  } else {
    parent.appendChild(document.createTextNode(String(child)));
  }
}

/** Sets properties on an element; `attrs` go through setAttribute, everything else is a property. */
function applyProps(el: Element, props: Props | null | undefined): void {
  if (!props) return;
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined) continue;
    switch (key) {
      case "class": {
        const c = className(value as Props["class"]);
        if (c) el.setAttribute("class", c);
        break;
      }
      case "attrs":
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
          if (v === null || v === undefined || v === false) continue;
          if (/^on/i.test(k)) throw new Error(`refusing inline handler attribute ${k}`);
          el.setAttribute(k, v === true ? "" : String(v));
        }
        break;
      case "data":
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
          (el as HTMLElement).dataset[k] = String(v);
        }
        break;
      case "on":
        for (const [k, fn] of Object.entries(value as Record<string, Handler>)) {
          el.addEventListener(k, fn);
        }
        break;
      case "style":
        for (const [k, v] of Object.entries(value as Record<string, string>)) {
          (el as HTMLElement).style.setProperty(k, v);
        }
        break;
      case "text":
        el.textContent = String(value);
        break;
      case "href":
        el.setAttribute("href", safeHref(String(value)));
        break;
      default:
        if (key === "innerHTML" || key === "outerHTML") throw new Error("HTML properties are not allowed");
        (el as unknown as Record<string, unknown>)[key] = value;
    }
  }
}

/** `h("div", {class: "x"}, "text", child)` — a tiny hyperscript over the DOM. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props?: Props | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  applyProps(el, props);
  append(el, children);
  return el;
}

const SVG_NS = "http://www.w3.org/2000/svg";
export function s(tag: string, props?: Props | null, ...children: Child[]): SVGElement {
  const el = document.createElementNS(SVG_NS, tag) as SVGElement;
  applyProps(el, props);
  append(el, children);
  return el;
}

/** Only http(s) URLs become links; anything else (javascript:, data:, ...) becomes a dead "#". */
export function safeHref(url: string): string {
  try {
    const u = new URL(url, "http://invalid.invalid/");
    if ((u.protocol === "http:" || u.protocol === "https:") && /^https?:\/\//i.test(url.trim())) return url.trim();
  } catch {
    /* fall through */
  }
  return "#";
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/** Replaces an element's children. */
export function mount(el: Element, ...children: Child[]): void {
  clear(el);
  append(el, children);
}

/**
 * Splits `text` so the parts matching any of `terms` (case-insensitive) are wrapped in <mark>.
 * Returns text nodes and elements, never markup.
 */
export function highlightTerms(text: string, terms: string[]): Child[] {
  const words = terms.map((t) => t.trim()).filter((t) => t.length > 0);
  if (words.length === 0) return [text];
  const re = new RegExp(`(${words.map(escapeRegExp).join("|")})`, "gi");
  const out: Child[] = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    const i = m.index ?? 0;
    if (i > last) out.push(text.slice(last, i));
    out.push(h("mark", null, m[0]));
    last = i + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
