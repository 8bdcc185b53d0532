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

/** The secret's base64, standard and URL-safe, at each of the three byte alignments. */
function base64Cores(secret: string): string[] {
  const bytes = utf8.encode(secret);
  // Inside a longer base64 text the secret may start at any of three byte alignments; only the
  // characters made entirely of the secret's bits are stable, whatever surrounds it.
  return [0, 1, 2].flatMap((offset) => {
    const padded = new Uint8Array(offset + bytes.length);
    padded.set(bytes, offset);
    // Padding ("=") is never inside the core: `last` stops before it.
    const encoded = btoa(String.fromCharCode(...padded));
    const first = Math.ceil((offset * 8) / 6);
    const last = Math.floor(((offset + bytes.length) * 8) / 6); // exclusive
    const core = encoded.slice(first, last);
    return [core, core.replace(/\+/g, "-").replace(/\//g, "_")];
  });
}

/** The secret's UTF-8 bytes in lower-case hex. */
const hexOf = (secret: string): string => [...utf8.encode(secret)].map((b) => b.toString(16).padStart(2, "0")).join("");

/** The forms a secret can appear in: itself, URL-, JSON- and XML-escaped, base64 (any alignment) and hex. */
function variantsOf(secret: string): string[] {
  const hex = hexOf(secret);
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

/**
 * A run of this many consecutive characters of a secret (or more) is redacted wherever it stands,
 * in every form below: a token split over two fields or two lines of an answer must not survive
 * half by half. Secrets shorter than this are only matched whole.
 */
export const MIN_PIECE = 12;

/** Pieces are found through grams of this many characters, looked up at every `min - GRAM + 1`th position. */
const GRAM = 8;

/** Where in the forms of the secrets each GRAM-long substring stands (by its hash), for one minimum piece length. */
interface PieceIndex {
  /** The shortest run that counts as a piece in these forms. */
  readonly min: number;
  readonly grams: Map<number, { form: string; at: number }[]>;
  /** One bit per hash (its low FILTER_BITS bits): most positions are ruled out without a lookup. */
  readonly filter: Uint8Array;
}

const FILTER_BITS = 16;

/** A redactor's piece indexes, and one filter over them all that rules most texts out at once. */
interface Pieces {
  readonly indexes: readonly PieceIndex[];
  /** The smallest `min - GRAM + 1` of the indexes: a piece of any of them holds a whole gram at a multiple of it. */
  readonly step: number;
  /** The union of the indexes' filters. */
  readonly filter: Uint8Array;
}

/**
 * A hash of the GRAM characters of `text` from `at` (no substring is made: this runs on every
 * sampled position). Only speed depends on it: a hit is compared with the text (another hash,
 * `+` to `-`, survives as a mutant).
 */
function gramHash(text: string, at: number): number {
  let h = 0;
  for (let k = 0; k < GRAM; k++) h = (Math.imul(h, 31) + text.charCodeAt(at + k)) | 0;
  return h & 0x3fffffff; // a small integer: no number is allocated to look it up
}

/**
 * The indexes that find pieces: the secret itself (MIN_PIECE characters; its URL, JSON and XML
 * escapes are found through the decoded views), its base64 (any alignment, standard and URL-safe:
 * MIN_PIECE bytes make at least 15 whole base64 characters) and its hex (2 × MIN_PIECE digits).
 */
function pieceIndexes(secrets: readonly string[]): Pieces {
  // Mutants that index shorter secrets too, or no secret of exactly MIN_PIECE characters (found
  // whole as a variant), survive: a secret shorter than a piece has no run of MIN_PIECE
  // characters to find.
  const long = secrets.filter((s) => s.length >= MIN_PIECE);
  // Stryker disable next-line ArithmeticOperator: a larger array than the FILTER_BITS bits it holds, never read past them
  const union = new Uint8Array(1 << (FILTER_BITS - 3));
  // Without long secrets there is no index (the `false` mutant builds three empty ones: no spans
  // either; a non-empty `indexes` mutant is never read: its all-zero union filter rules out every text).
  if (long.length === 0) return { indexes: [], step: 1, filter: union };
  const families: [number, string[]][] = [
    [MIN_PIECE, long],
    [Math.floor((MIN_PIECE * 8) / 6) - 1, long.flatMap(base64Cores)],
    [MIN_PIECE * 2, long.flatMap((s) => [hexOf(s), hexOf(s).toUpperCase()])],
  ];
  const indexes = families.map(([min, forms]) => {
    const grams = new Map<number, { form: string; at: number }[]>();
    for (const form of new Set(forms)) {
      // Stryker disable next-line ArithmeticOperator: grams past the end all hash to 0 (NaN | 0), a text's gram one time in 2^30
      for (let at = 0; at + GRAM <= form.length; at++) {
        const gram = gramHash(form, at);
        const known = grams.get(gram);
        if (known === undefined) grams.set(gram, [{ form, at }]);
        else known.push({ form, at });
      }
    }
    // Stryker disable next-line ArithmeticOperator: a larger array than the FILTER_BITS bits it holds, never read past them
    const filter = new Uint8Array(1 << (FILTER_BITS - 3));
    for (const h of grams.keys()) {
      const byte = (h & ((1 << FILTER_BITS) - 1)) >>> 3;
      filter[byte] = (filter[byte] as number) | (1 << (h & 7));
      union[byte] = (union[byte] as number) | (1 << (h & 7));
    }
    return { min, grams, filter };
  });
  // A smaller step (the `- 1` mutant) samples more positions: the same pieces, found with more work.
  return { indexes, step: Math.min(...indexes.map(({ min }) => min - GRAM + 1)), filter: union };
}

/**
 * Whether a piece may stand in `text`: a gram at a multiple of `pieces.step` whose hash is in the
 * union filter. When not, no index finds one: a piece is at least `step + GRAM - 1` characters
 * long, so it holds a whole gram at such a position, and that gram's hash is in its index's filter.
 */
function mayHoldPiece(text: string, pieces: Pieces): boolean {
  const mask = (1 << FILTER_BITS) - 1;
  // Equivalent mutants (a fast path that answers `true` more often): `i - GRAM` (grams past the
  // end hash to 0), the condition below as `true`, and `return true` at the end.
  for (let i = 0; i + GRAM <= text.length; i += pieces.step) {
    const h = gramHash(text, i);
    if ((((pieces.filter[(h & mask) >>> 3] as number) >>> (h & 7)) & 1) === 1) return true;
  }
  return false;
}

/**
 * Spans [start, end) of `text` that are runs of at least `min` characters of a form of `index`.
 * Every such run holds a whole gram at a position that is a multiple of `min - GRAM + 1`, so only
 * those positions are looked up (by hash); each hit is grown both ways as far as text and form agree.
 */
function pieceSpans(text: string, pieces: Pieces): [number, number][] {
  const spans: [number, number][] = [];
  // Stryker disable next-line ConditionalExpression,LogicalOperator: a fast path; the indexes find nothing in such a text either
  if (pieces.indexes.length === 0 || !mayHoldPiece(text, pieces)) return spans;
  const mask = (1 << FILTER_BITS) - 1;
  for (const { min, grams, filter } of pieces.indexes) {
    // A smaller step (`+ 1` to `- 1`) and no filter (`=== 0` to `false`) survive as mutants: they
    // look up more positions and find the same runs.
    const step = min - GRAM + 1;
    // Stryker disable next-line ArithmeticOperator: grams past the text's end hash to 0 (NaN | 0); a hit is compared with the text
    for (let i = 0; i + GRAM <= text.length; i += step) {
      const h = gramHash(text, i);
      if ((((filter[(h & mask) >>> 3] as number) >>> (h & 7)) & 1) === 0) continue;
      const hits = grams.get(h);
      if (hits === undefined) continue;
      for (const { form, at } of hits) {
        if (!text.startsWith(form.slice(at, at + GRAM), i)) continue; // a hash collision
        // Grown while the form lasts: past either end of the text, `text[...]` is undefined and
        // equals no character of the form.
        let left = 0;
        while (at - left > 0 && text[i - left - 1] === form[at - left - 1]) left++;
        let right = GRAM;
        while (at + right < form.length && text[i + right] === form[at + right]) right++;
        if (left + right >= min) spans.push([i - left, i + right]);
      }
    }
  }
  return spans;
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

/** Line breaks, with the spaces and tabs around them: what wrapping a long value over lines adds. */
const WRAP = /[ \t]*(?:\r\n|\r|\n)[ \t]*/g;
// (Its negated class, a mutant, survives: encodedSpans unwraps more texts, and one without line
// breaks unwraps to itself.)
const HAS_BREAK = /[\r\n]/;
/**
 * What makes a text worth more views than itself: an escape (ESCAPED) or a line break (HAS_BREAK).
 * Its negated class (a mutant) sends nearly every text the long way: the same spans.
 */
const OTHER_VIEWS = /[\\%&\r\n]/;

/** A view of `src` without its line breaks (and the blanks around them): base64 wrapped over lines, read whole. */
function unwrapView(src: string): View {
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
function compose(outer: View | undefined, inner: View): View {
  if (outer === undefined) return inner;
  return {
    text: inner.text,
    start: inner.start.map((s) => outer.start[s] as number),
    end: inner.end.map((e) => outer.end[e - 1] as number),
  };
}

/**
 * Spans of `src` (start, end) where a secret stands in another form than literally: a variant or
 * a piece in a decoded view (JSON escapes, percent-encoding, XML references, up to DECODE_ROUNDS
 * deep), a piece in the text itself, and either in any of these read without line breaks.
 */
function encodedSpans(src: string, variants: readonly string[], pieces: Pieces): [number, number][] {
  const spans: [number, number][] = [];
  const search = (view: View | undefined, text: string): void => {
    const at = (k: number, length: number): [number, number] =>
      view === undefined ? [k, k + length] : [view.start[k] ?? 0, view.end[k + length - 1] ?? 0];
    // The source holds no variant any more: redact() replaced them (`view !== undefined` to `true` survives).
    if (view !== undefined) {
      for (const variant of variants) for (const k of occurrences(text, variant)) spans.push(at(k, variant.length));
    }
    for (const [s, e] of pieceSpans(text, pieces)) spans.push(at(s, e - s));
  };
  let view: View | undefined; // undefined: the source itself
  for (let round = 0; ; round++) {
    const text = view?.text ?? src;
    search(view, text);
    // Only with line breaks (`true` survives: a text without them unwraps to itself).
    if (HAS_BREAK.test(text)) {
      const unwrapped = compose(view, unwrapView(text));
      search(unwrapped, unwrapped.text);
    }
    if (round === DECODE_ROUNDS || !ESCAPED.test(text)) break;
    const next = decodeView(text);
    // Stryker disable next-line ConditionalExpression: another round of the same text finds the same spans
    if (next.text === text) break;
    view = compose(view, next);
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

/** The longest text a redactor remembers as clean (its last one). */
const MEMO_CHARS = 1024;

/** The most characters one ASCII character takes after one round of escaping (`\u0041`, `&#65;`, `%41`). */
const MAX_ESCAPE_GROWTH = 6;

/**
 * Returns a function that replaces every occurrence of the secrets with REDACTED: the secret
 * itself (any length, even one character), and — for forms of at least 6 characters — its
 * URL-encoded, JSON-escaped, XML-escaped, base64 (standard and URL-safe, any alignment) and hex
 * forms, also when the text mixes escapes ("\u0042ear…", "%5Cu0042…", "&#x42;…") up to three
 * rounds deep. Of a secret of MIN_PIECE (12) characters or more, any run of MIN_PIECE or more
 * consecutive characters is replaced too, in each of those forms (a token split over two fields
 * or lines), and every form is also looked for with line breaks removed (base64 wrapped over
 * lines). Redact a text before cutting, escaping or parsing it, and again after escaping.
 * Cost: for secrets under MIN_PIECE characters, a text without `\`, `%`, `&` or a line break is
 * only searched for the literal forms; pieces are looked up at sampled positions (about 15 ms
 * for 1 MB of plain text on this machine kind, under load).
 */
export function redactor(secrets: readonly (string | undefined)[]): Redactor {
  const unique = [...new Set(secrets.filter((s): s is string => typeof s === "string" && s !== ""))];
  // Stryker disable next-line ConditionalExpression: a fast path; with no variants the general path returns the text as well
  if (unique.length === 0) return Object.assign((text: string) => text, { truncated: (text: string) => text });
  const variants = [...new Set(unique.flatMap(variantsOf))].sort((a, b) => b.length - a.length);
  const pieces = pieceIndexes(unique);
  // The last short text found clean: answers repeat (every deletion answers the same body), and a
  // text equal to it is clean as well. One entry, at most MEMO_CHARS: no large text is kept.
  // Stryker disable next-line StringLiteral: the first value is returned as it is; any without a secret will do
  let clean = "";
  const redact = (text: string): string => {
    // Stryker disable next-line ConditionalExpression: a fast path; the search below finds nothing in such a text either
    if (text === clean) return text;
    let out = text;
    // Stryker disable next-line ConditionalExpression: a fast path (replaceAll of an absent variant is a no-op)
    for (const variant of variants) if (out.includes(variant)) out = replaceAll(out, variant);
    // A text without escapes or line breaks has no other view to search than itself: its pieces
    // are all encodedSpans would find (a fast path: its mutants below give the same spans).
    // Stryker disable next-line ConditionalExpression,Regex
    const spans = OTHER_VIEWS.test(out) ? encodedSpans(out, variants, pieces) : pieceSpans(out, pieces);
    if (spans.length > 0) return replaceSpans(out, spans);
    // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: the memo is a fast path
    if (out === text && text.length <= MEMO_CHARS) clean = text;
    return out;
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
  // Each entry: a container of the original and its copy, to be filled.
  const stack: [unknown, unknown][] = [];
  const copy = (v: unknown): unknown => {
    if (typeof v === "string") return redact(v);
    if (typeof v !== "object" || v === null) return v;
    const out = Array.isArray(v) ? [] : {};
    stack.push([v, out]);
    return out;
  };
  const root = copy(value);
  while (stack.length > 0) {
    const [from, to] = stack.pop() as [object, object];
    if (Array.isArray(from)) {
      for (const item of from) (to as unknown[]).push(copy(item));
      continue;
    }
    for (const [k, v] of Object.entries(from)) {
      // defineProperty: a key "__proto__" (JSON.parse makes it an own field) stays a field.
      Object.defineProperty(to, redact(k), { value: copy(v), enumerable: true, writable: true, configurable: true });
    }
  }
  return root;
}

/**
 * Field names that hold a connection's secrets: Apinizer's `password`, `elasticPassword`,
 * `connectionFactoryPassword`, `caKeystoreFilePass`, `authPassphrase`, `privPassphrase`, and the
 * usual `secret`, `apiKey`, `privateKey`, `accessKey`, `credentials`, `...Token`. List Connections
 * answers these as `null`; Get Connection in full.
 */
const SECRET_FIELD =
  /pass(?:word|phrase|wd)?$|password|secret|api[-_]?key|private[-_]?key|access[-_]?key|credential|token$/i;

/** Whether a field of a connection's definition holds a secret, by its name (SECRET_FIELD). */
export function isSecretField(name: string): boolean {
  return SECRET_FIELD.test(name);
}

/**
 * Every non-empty string held under a secret field of `value`, at any depth (a secret field's
 * object or array counts whole): what a redactor of a definition must hide, wherever else the same
 * value appears (a JDBC URL that repeats the password).
 */
export function secretValuesOf(value: unknown): string[] {
  const found: string[] = [];
  const collect = (v: unknown, secret: boolean): void => {
    if (typeof v === "string") {
      if (secret && v !== "") found.push(v);
    } else if (typeof v === "object" && v !== null) {
      // An array's items are its fields "0", "1", ... (no secret field's name). (`typeof v ===
      // "object"` to `true` survives: a number or boolean has no fields either.)
      // `{"name": "password", "value": "…"}` pairs (additionalProperties) count as secret fields too.
      const record = v as Record<string, unknown>;
      const named = typeof record["name"] === "string" && isSecretField(record["name"]);
      for (const [k, item] of Object.entries(record))
        collect(item, secret || isSecretField(k) || (named && k === "value"));
    }
  };
  collect(value, false);
  return found;
}

/** A copy of `value` with every string under a secret field (as secretValuesOf finds them) replaced by REDACTED. */
export function redactSecretFields(value: unknown): unknown {
  const walk = (v: unknown, secret: boolean): unknown => {
    if (typeof v === "string") return secret && v !== "" ? REDACTED : v;
    if (Array.isArray(v)) return v.map((item) => walk(item, secret));
    if (typeof v === "object" && v !== null) {
      const record = v as Record<string, unknown>;
      const named = typeof record["name"] === "string" && isSecretField(record["name"]);
      return Object.fromEntries(
        Object.entries(record).map(([k, item]) => [
          k,
          walk(item, secret || isSecretField(k) || (named && k === "value")),
        ]),
      );
    }
    return v;
  };
  return walk(value, false);
}
