// A small, strict XML reader for checking JUnit text in tests (no dependency): it accepts only
// well-formed XML 1.0 of the kind JUnit files use (declaration, elements, attributes in double
// quotes, text, the five predefined entities and character references) and returns the tree.
// Anything else throws, saying where.

export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  /** The element's own text, entities decoded. */
  text: string;
}

const NAME = /^[A-Za-z_][\w.-]*/;
const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const ILLEGAL = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function decode(raw: string, where: number): string {
  if (raw.includes("<")) throw new Error(`"<" in text or attribute value at ${where}`);
  return raw.replace(/&([^;]*);?/g, (whole, ref: string) => {
    if (!whole.endsWith(";")) throw new Error(`unterminated "&" at ${where}`);
    if (ref in ENTITIES) return ENTITIES[ref] as string;
    const m = /^#(?:x([0-9a-fA-F]+)|(\d+))$/.exec(ref);
    if (m === null) throw new Error(`unknown entity &${ref}; at ${where}`);
    const code = m[1] !== undefined ? Number.parseInt(m[1], 16) : Number(m[2]);
    const char = String.fromCodePoint(code);
    if (ILLEGAL.test(char)) throw new Error(`character reference to an illegal character at ${where}`);
    return char;
  });
}

/** Parses `text`; throws unless it is one well-formed document. Returns its root element. */
export function parseXml(text: string): XmlElement {
  if (ILLEGAL.test(text)) throw new Error(`illegal character at ${text.search(ILLEGAL)}`);
  let at = 0;
  const declaration = /^<\?xml[^?]*\?>\s*/.exec(text);
  if (declaration) at = declaration[0].length;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (at < text.length) {
    if (text.startsWith("</", at)) {
      const m = /^<\/([A-Za-z_][\w.-]*)\s*>/.exec(text.slice(at));
      const open = stack.pop();
      if (!m || open?.name !== m[1]) throw new Error(`unexpected end tag at ${at}`);
      at += m[0].length;
    } else if (text[at] === "<") {
      const name = NAME.exec(text.slice(at + 1))?.[0];
      if (name === undefined) throw new Error(`bad tag at ${at}`);
      at += 1 + name.length;
      const attributes: Record<string, string> = {};
      for (;;) {
        const attr = /^\s+([A-Za-z_][\w.:-]*)="([^"]*)"/.exec(text.slice(at));
        if (!attr) break;
        const [whole, key = "", value = ""] = attr;
        if (key in attributes) throw new Error(`duplicate attribute ${key} at ${at}`);
        attributes[key] = decode(value, at);
        at += whole.length;
      }
      const end = /^\s*(\/?)>/.exec(text.slice(at));
      if (!end) throw new Error(`malformed tag <${name} at ${at}`);
      at += end[0].length;
      const element: XmlElement = { name, attributes, children: [], text: "" };
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(element);
      else if (root === undefined) root = element;
      else throw new Error(`a second root element at ${at}`);
      if (end[1] !== "/") stack.push(element);
    } else {
      const next = text.indexOf("<", at);
      const raw = text.slice(at, next < 0 ? text.length : next);
      const parent = stack[stack.length - 1];
      if (parent) parent.text += decode(raw, at);
      else if (raw.trim() !== "") throw new Error(`text outside the root element at ${at}`);
      at += raw.length;
    }
  }
  if (stack.length > 0 || root === undefined) throw new Error("unclosed elements or no root element");
  return root;
}

/** Every element named `name` below (and including) `from`, in document order. */
export function elements(from: XmlElement, name: string): XmlElement[] {
  const found = from.name === name ? [from] : [];
  for (const child of from.children) found.push(...elements(child, name));
  return found;
}
