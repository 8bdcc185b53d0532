// Secrets: what a token may look like, and how every stage keeps it out of what people read
// (results, terminal output, reports, JUnit, logs, contracts). One placeholder, any token length,
// and the encodings a server's echo or a report could put the token in.

/** What a redacted secret is replaced with, everywhere. */
export const REDACTED = "[REDACTED]";

/** Visible ASCII: what a Bearer token can hold without breaking or smuggling a header. */
const TOKEN = /^[\x21-\x7e]+$/;

/**
 * `undefined` when `value` is usable as a Personal API Access Token (non-empty visible ASCII, no
 * spaces or control characters), else the reason (never containing the value).
 */
export function tokenProblem(value: unknown): string | undefined {
  if (typeof value !== "string" || value.length === 0) return "must be a non-empty string";
  if (/[\r\n]/.test(value)) return "must not contain CR or LF (it would break the Authorization header)";
  if (!TOKEN.test(value))
    return "must be visible ASCII without spaces or control characters (as Personal API Access Tokens are)";
  return undefined;
}

/** Replaces every secret in a text. */
export type Redact = (text: string) => string;

/** Derived forms shorter than this are not searched for (they would match ordinary text); the secret itself always is. */
const MIN_DERIVED_LENGTH = 6;

/**
 * A secret shorter than this is redacted only where it stands as a word of its own (no letter or
 * digit right before or after it): a token "e" must not turn "Verifying" into "V[REDACTED]rifying"
 * or break a JSON key, while an echo of it ("Bearer e", "e" as a value) is still redacted.
 */
const SHORT_SECRET = 8;
const WORD_CHAR = /[A-Za-z0-9]/;

/** Where `variant` occurs in `text` (for a short one, only as a word of its own). */
function occurrences(text: string, variant: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(variant); at >= 0; at = text.indexOf(variant, at + 1)) {
    const isolated =
      variant.length >= SHORT_SECRET ||
      (!WORD_CHAR.test(text[at - 1] ?? "") && !WORD_CHAR.test(text[at + variant.length] ?? ""));
    if (isolated) found.push(at);
  }
  return found;
}

/** `text` with every occurrence of `variant` replaced by REDACTED. */
function replaceAll(text: string, variant: string): string {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a fast path; the loop gives the same text
  if (variant.length >= SHORT_SECRET) return text.split(variant).join(REDACTED);
  let out = "";
  let from = 0;
  for (const at of occurrences(text, variant)) {
    out += text.slice(from, at) + REDACTED;
    from = at + variant.length;
  }
  return out + text.slice(from);
}

const utf8 = new TextEncoder();

function base64Cores(secret: string): string[] {
  const bytes = utf8.encode(secret);
  const cores: string[] = [];
  // Inside a longer base64 text the secret may start at any of three byte alignments; only the
  // characters made entirely of the secret's bits are stable, whatever surrounds it.
  // Stryker disable next-line EqualityOperator: a fourth alignment (offset 3) gives offset 0's cores again
  for (let offset = 0; offset < 3; offset++) {
    const padded = new Uint8Array(offset + bytes.length);
    padded.set(bytes, offset);
    // Padding ("=") is never inside the core: `last` stops before it.
    const encoded = btoa(String.fromCharCode(...padded));
    const first = Math.ceil((offset * 8) / 6);
    const last = Math.floor(((offset + bytes.length) * 8) / 6); // exclusive
    const core = encoded.slice(first, last);
    cores.push(core, core.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  return cores;
}

/** The forms a secret can appear in: itself, URL-, JSON- and XML-escaped, base64 (any alignment) and hex. */
function variantsOf(secret: string): string[] {
  const hex = [...utf8.encode(secret)].map((b) => b.toString(16).padStart(2, "0")).join("");
  const derived = [
    encodeURIComponent(secret),
    // The JSON and XML forms are fast paths: decoding (below) finds them too (their mutants are ignored).
    // Stryker disable next-line MethodExpression,UnaryOperator
    JSON.stringify(secret).slice(1, -1),
    // Stryker disable next-line StringLiteral
    secret.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;"),
    ...base64Cores(secret),
    hex,
    hex.toUpperCase(),
  ].filter(
    (v) =>
      v.length >= MIN_DERIVED_LENGTH &&
      // Stryker disable next-line ConditionalExpression: a form equal to the secret is dropped by the Set anyway
      v !== secret,
  );
  return [secret, ...derived];
}

/** A decoded view of a text: `text`, and for each of its UTF-16 units the span of the source it came from. */
interface View {
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
const ESCAPED = /[\\%&]/;
const decoder = new TextDecoder("utf-8", { fatal: true });

/** Length in bytes of a UTF-8 sequence that starts with `lead` (0 for a byte that cannot lead). */
const utf8Length = (lead: number): number =>
  lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 0;

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
      if (bytes.length === utf8Length(bytes[0] ?? 0)) break;
    }
    if (bytes.length === 0) return undefined;
    try {
      return { value: decoder.decode(new Uint8Array(bytes)), length: j - i };
      // Stryker disable next-line BlockStatement: an empty catch returns undefined too
    } catch {
      return undefined;
    }
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
function decodeView(src: string): View {
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

/** How many nested rounds of encoding are looked through (e.g. a JSON-escaped, percent-encoded token). */
const DECODE_ROUNDS = 3;

/** Spans of `src` (start, end) whose decoded form contains one of `variants`. */
function encodedSpans(src: string, variants: readonly string[]): [number, number][] {
  const spans: [number, number][] = [];
  let view: View | undefined; // undefined: the source itself
  for (let round = 0; round < DECODE_ROUNDS; round++) {
    const text = view?.text ?? src;
    // Stryker disable next-line ConditionalExpression: a fast path; decoding such a text changes nothing
    if (!ESCAPED.test(text)) break;
    const next = decodeView(text);
    // Stryker disable next-line ConditionalExpression: another round of the same text finds the same spans
    if (next.text === text) break;
    // Compose: spans into the previous view become spans into the source.
    if (view !== undefined) {
      const { start, end } = view;
      // Stryker disable next-line EqualityOperator: one more iteration writes past the typed array's end, which is ignored
      for (let k = 0; k < next.start.length; k++) {
        next.start[k] = start[next.start[k] as number] as number;
        next.end[k] = end[(next.end[k] as number) - 1] as number;
      }
    }
    view = next;
    for (const variant of variants) {
      for (const at of occurrences(view.text, variant)) {
        spans.push([view.start[at] ?? 0, view.end[at + variant.length - 1] ?? 0]);
      }
    }
  }
  return spans;
}

function replaceSpans(src: string, spans: [number, number][]): string {
  spans.sort(
    (a, b) =>
      a[0] - b[0] ||
      // Stryker disable next-line ArithmeticOperator: of two spans with one start, either first gives the same text
      b[1] - a[1],
  );
  let out = "";
  let at = 0;
  for (const [s, e] of spans) {
    // Stryker disable next-line EqualityOperator: a span ending where the last one did adds nothing either way
    if (e <= at) continue;
    out += `${src.slice(at, Math.max(at, s))}${s >= at ? REDACTED : ""}`;
    at = e;
  }
  return out + src.slice(at);
}

/** A `Redact` that can also make a text whose end was cut off safe to show. */
export interface Redactor extends Redact {
  /**
   * For a text that was cut off before it could be redacted (a body read only up to a byte
   * limit): redacts it, then drops its last characters, as many as the longest encoded form of a
   * secret could take (so no beginning of a secret survives at the cut). The result is a prefix
   * of the redacted text.
   */
  readonly truncated: (text: string) => string;
}

/** The most characters one ASCII character takes after one round of escaping (`\u0041`, `&#65;`, `%41`). */
const MAX_ESCAPE_GROWTH = 6;

/**
 * Returns a function that replaces every occurrence of the secrets with REDACTED: the secret
 * itself (any length, even one character), and — for forms of at least 6 characters — its
 * URL-encoded, JSON-escaped, XML-escaped, base64 (standard and URL-safe, any alignment) and hex
 * forms, also when the text mixes escapes ("\u0042ear…", "%5Cu0042…", "&#x42;…") up to three
 * rounds deep. Redact a text before cutting, escaping or parsing it, and again after escaping.
 * Cost: a text without `\`, `%` or `&` is only searched for the literal forms.
 */
export function redactor(secrets: readonly (string | undefined)[]): Redactor {
  const unique = [...new Set(secrets.filter((s): s is string => typeof s === "string" && s !== ""))];
  // Stryker disable next-line ConditionalExpression: a fast path; with no variants the general path returns the text as well
  if (unique.length === 0) return Object.assign((text: string) => text, { truncated: (text: string) => text });
  const variants = [...new Set(unique.flatMap(variantsOf))].sort((a, b) => b.length - a.length);
  const redact = (text: string): string => {
    let out = text;
    // Stryker disable next-line ConditionalExpression: a fast path (replaceAll of an absent variant is a no-op)
    for (const variant of variants) if (out.includes(variant)) out = replaceAll(out, variant);
    // Stryker disable next-line ConditionalExpression: a fast path (no escape: no spans)
    if (!ESCAPED.test(out)) return out;
    const spans = encodedSpans(out, variants);
    // Stryker disable next-line ConditionalExpression: a fast path (no spans: the text as it is)
    return spans.length === 0 ? out : replaceSpans(out, spans);
  };
  // Stryker disable next-line OptionalChaining: there is always a variant here (at least one secret)
  const margin = (variants[0]?.length ?? 0) * MAX_ESCAPE_GROWTH ** DECODE_ROUNDS;
  const truncated = (text: string): string => {
    const out = redact(text);
    return out.slice(0, Math.max(0, out.length - margin));
  };
  return Object.assign(redact, { truncated });
}

/**
 * Applies `redact` to every string (keys too) of a parsed JSON value; returns a copy. Walks with
 * its own stack, not by recursion: a server controls how deeply its answer nests, and a call per
 * level would overflow the call stack ("Maximum call stack size exceeded") at a few thousand.
 */
export function redactDeep(value: unknown, redact: Redact): unknown {
  const copy = (v: unknown): unknown => {
    if (typeof v === "string") return redact(v);
    if (Array.isArray(v)) return new Array<unknown>(v.length);
    if (typeof v === "object" && v !== null) return {};
    return v;
  };
  const root = copy(value);
  // Each entry: a container of the original and its copy, to be filled.
  const stack: [unknown, unknown][] = [[value, root]];
  while (stack.length > 0) {
    const [from, to] = stack.pop() as [unknown, unknown];
    if (Array.isArray(from)) {
      const out = to as unknown[];
      for (let i = 0; i < from.length; i++) {
        out[i] = copy(from[i]);
        if (typeof from[i] === "object" && from[i] !== null) stack.push([from[i], out[i]]);
      }
    } else if (typeof from === "object" && from !== null) {
      const out = to as Record<string, unknown>;
      for (const [k, v] of Object.entries(from)) {
        const c = copy(v);
        // defineProperty: a key "__proto__" (JSON.parse makes it an own field) stays a field.
        Object.defineProperty(out, redact(k), { value: c, enumerable: true, writable: true, configurable: true });
        if (typeof v === "object" && v !== null) stack.push([v, c]);
      }
    }
  }
  return root;
}
