// A tiny element builder: every page builds its DOM with `h`, so API text always lands in text
// nodes and attributes, never in innerHTML (nothing from the API can become markup).
// Type note: this code is checked together with the Worker's types (for AppType), whose global
// HTMLRewriter `Element` merges into the DOM's and shadows Element.append/prepend/before/after/
// remove. So pages use `append`/`replace` here (appendChild, replaceChildren) and take `Node`.
type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

export const h = <K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Child | Child[])[]) => {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === "function") el.addEventListener(name.replace(/^on/, ""), value);
    else if (value === true) el.setAttribute(name, "");
    else el.setAttribute(name, String(value));
  }
  append(el, ...children);
  return el;
};

/** Appends children (nodes or text) to an element. */
export const append = (el: Node, ...children: (Child | Child[])[]): void => {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
};

/** Replaces an element's content. */
export const replace = (el: Node, ...children: (Child | Child[])[]): void => {
  while (el.firstChild) el.removeChild(el.firstChild);
  append(el, ...children);
};

export const byId = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from the page`);
  return el as T;
};

/** The page's query parameter, or null. */
export const param = (name: string): string | null => new URLSearchParams(location.search).get(name);
