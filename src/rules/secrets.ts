// Secrets: what a token may look like, and how every stage keeps it out of what people read
// (results, terminal output, reports, JUnit, logs, contracts). One placeholder, any token length,
// and the encodings a server's echo or a report could put the token in: the forms searched here
// (rules/secret-pieces.ts: pieces of them; rules/decoded-views.ts: the escaped and wrapped texts
// searched; rules/secret-fields.ts: the secrets of a connection's definition).

import { compose, decodeView, ESCAPED, HAS_BREAK, OTHER_VIEWS, unwrapView, type View } from "./decoded-views.js";
import { base64Cores, hexOf, type Pieces, pieceIndexes, pieceSpans } from "./secret-pieces.js";

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

/** The forms a secret can appear in: itself, URL-, JSON- and XML-escaped, base64 (any alignment) and hex. */
function variantsOf(secret: string): string[] {
  const hex = hexOf(secret);
  const derived = [
    encodeURIComponent(secret),
    // The JSON and XML forms are fast paths: decoding (rules/decoded-views.ts) finds them too (their mutants are ignored).
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

/** How many nested rounds of encoding are looked through (e.g. a JSON-escaped, percent-encoded token). */
const DECODE_ROUNDS = 3;

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
