// Decoded views of a text: the same text with its JSON escapes, percent-encoding and XML
// character references decoded (one round at a time), or with its line breaks removed, each unit
// mapped back to the span of the source it came from. rules/secrets.ts searches them, so that a
// secret escaped or wrapped by a server's echo or a report is found and redacted in the source.

/** A decoded view of a text: `text`, and for each of its UTF-16 units the span of the source it came from. */
export interface View {
  readonly text: string;
  readonly start: Int32Array;
  readonly end: Int32Array;
}

const JSON_ESCAPES: Record<string, string> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};
const XML_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
// Stryker disable next-line Regex: decides only when to look for escapes (fast paths)
export const ESCAPED = /[\\%&]/;
const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * Length in bytes of a UTF-8 sequence that starts with `lead`: 2 from 0xC2 (0xC0 and 0xC1 never
 * lead), 3 from 0xE0, 4 from 0xF0; 1 for ASCII and for a byte that cannot lead (decoding fails).
 */
const utf8Length = (lead: number): number => (lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc2 ? 2 : 1);

/** Reads one JSON escape, percent-encoded character or XML character reference at `i`. */
function decodeAt(src: string, i: number): { value: string; length: number } | undefined {
  const c = src[i];
  if (c === "\\") {
    // Stryker disable next-line StringLiteral: no escape is named by any other text either
    const next = src[i + 1] ?? "";
    // Stryker disable next-line Regex: the slice has at most 4 characters, so ^ and $ change nothing
    if (next === "u" && /^[0-9a-fA-F]{4}$/.test(src.slice(i + 2, i + 6))) {
      return { value: String.fromCharCode(Number.parseInt(src.slice(i + 2, i + 6), 16)), length: 6 };
    }
    const simple = JSON_ESCAPES[next];
    return simple === undefined ? undefined : { value: simple, length: 2 };
  }
  if (c === "%") {
    const bytes: number[] = [];
    let j = i;
    // Stryker disable next-line Regex: the slice has at most 3 characters, so ^ and $ change nothing
    while (/^%[0-9a-fA-F]{2}$/.test(src.slice(j, j + 3))) {
      bytes.push(Number.parseInt(src.slice(j + 1, j + 3), 16));
      j += 3;
      if (bytes.length === utf8Length(bytes[0] as number)) break;
    }
    if (bytes.length === 0) return undefined;
    let value: string;
    try {
      value = decoder.decode(new Uint8Array(bytes));
    } catch {
      return undefined; // not UTF-8
    }
    return { value, length: j - i };
  }
  // Stryker disable next-line ConditionalExpression: "&" is the only escape start left here
  if (c === "&") {
    const m = /^&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|(amp|lt|gt|quot|apos));/.exec(src.slice(i, i + 12));
    if (m === null) return undefined;
    const code = m[1] !== undefined ? Number(m[1]) : m[2] !== undefined ? Number.parseInt(m[2], 16) : undefined;
    if (code !== undefined)
      return code <= 0x10ffff ? { value: String.fromCodePoint(code), length: m[0].length } : undefined;
    // Stryker disable next-line StringLiteral: unreachable fallbacks (the pattern names only entities the table has)
    return { value: XML_ENTITIES[m[3] ?? ""] ?? "", length: m[0].length };
  }
  return undefined;
}

/** `\\`, `%` and `&`: where an escape can start. */
// Stryker disable next-line ConditionalExpression: `true` only makes decodeAt look at every character
const isEscapeStart = (code: number): boolean => code === 0x5c || code === 0x25 || code === 0x26;

/** One round of decoding JSON escapes, percent-encoding and XML references, with the source span of each unit. */
export function decodeView(src: string): View {
  const parts: string[] = [];
  const start = new Int32Array(src.length);
  const end = new Int32Array(src.length);
  let n = 0;
  let plainFrom = 0;
  // Stryker disable next-line EqualityOperator: one more round adds an entry past the text's end, never read
  for (let i = 0; i < src.length; ) {
    const decoded = isEscapeStart(src.charCodeAt(i)) ? decodeAt(src, i) : undefined;
    if (decoded === undefined) {
      start[n] = i;
      end[n] = i + 1;
      n++;
      i++;
      continue;
    }
    // Plain text is copied in runs, not character by character.
    // Stryker disable next-line ConditionalExpression,EqualityOperator: pushing an empty run changes nothing
    if (plainFrom < i) parts.push(src.slice(plainFrom, i));
    parts.push(decoded.value);
    for (let k = 0; k < decoded.value.length; k++, n++) {
      start[n] = i;
      end[n] = i + decoded.length;
    }
    i += decoded.length;
    plainFrom = i;
  }
  parts.push(src.slice(plainFrom));
  return { text: parts.join(""), start: start.subarray(0, n), end: end.subarray(0, n) };
}

/** Line breaks, with the spaces and tabs around them: what wrapping a long value over lines adds. */
const WRAP = /[ \t]*(?:\r\n|\r|\n)[ \t]*/g;
// (Its negated class, a mutant, survives: rules/secrets.ts encodedSpans unwraps more texts, and one without line
// breaks unwraps to itself.)
export const HAS_BREAK = /[\r\n]/;
/**
 * What makes a text worth more views than itself: an escape (ESCAPED) or a line break (HAS_BREAK).
 * Its negated class (a mutant) sends nearly every text the long way (rules/secrets.ts
 * encodedSpans): the same spans.
 */
export const OTHER_VIEWS = /[\\%&\r\n]/;

/** A view of `src` without its line breaks (and the blanks around them): base64 wrapped over lines, read whole. */
export function unwrapView(src: string): View {
  const start = new Int32Array(src.length);
  const end = new Int32Array(src.length);
  const parts: string[] = [];
  let n = 0;
  let from = 0;
  const keep = (to: number): void => {
    parts.push(src.slice(from, to));
    for (let i = from; i < to; i++, n++) {
      start[n] = i;
      end[n] = i + 1;
    }
  };
  for (const m of src.matchAll(WRAP)) {
    keep(m.index);
    from = m.index + m[0].length;
  }
  keep(src.length);
  return { text: parts.join(""), start: start.subarray(0, n), end: end.subarray(0, n) };
}

/** `inner` (a view of `outer.text`) as a view of the source `outer` maps into. */
export function compose(outer: View | undefined, inner: View): View {
  if (outer === undefined) return inner;
  return {
    text: inner.text,
    start: inner.start.map((s) => outer.start[s] as number),
    end: inner.end.map((e) => outer.end[e - 1] as number),
  };
}
