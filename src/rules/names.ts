/**
 * Checks that a project or connection name can be sent as exactly one path segment that
 * addresses exactly that name. A name that could be read as something else (by the URL parser
 * inside fetch, by a proxy that decodes, by a server that normalises) is refused.
 */

import { MAX_NAME_LENGTH } from "./limits.js";

export { MAX_NAME_LENGTH };

/**
 * Names made of these characters only (and not "." or "..") need no further checks. (A mutant
 * that narrows it, `+` to one character, survives: it only sends fewer names down the full checks.)
 */
const PLAIN_NAME = /^[A-Za-z0-9._~-]+$/;
const CONTROL = /\p{Cc}/u;
const LONE_SURROGATE = /\p{Cs}/u;
/** Whitespace and invisible format characters (zero-width space, BOM, ...). */
const BLANK = /^[\s\p{Cf}]*$/u;
const SLASH = /[/\\]/;
/** A dot segment, allowing for whitespace a server might trim. */
const DOT_SEGMENT = /^\s*\.{1,2}\s*$/u;
/** Whether another round of decoding is worth it. (`{2}` to one digit survives: a round that decodes nothing changes nothing.) */
const PERCENT_ESCAPE = /%[0-9A-Fa-f]{2}/;
/** How many rounds of percent-decoding are inspected (a%25252e... is still looked through). */
const DECODE_ROUNDS = 6;

const utf8 = new TextDecoder("utf-8");
const utf8Encoder = new TextEncoder();

/** Percent-decodes one round, leniently: invalid UTF-8 becomes U+FFFD, stray "%" stays. */
function percentDecodeOnce(value: string): string {
  const bytes: number[] = [];
  let i = 0;
  while (i < value.length) {
    // The slice has at most two characters: dropping ^ or $ (mutants that survive) changes nothing.
    if (value[i] === "%" && /^[0-9A-Fa-f]{2}$/.test(value.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(value.slice(i + 1, i + 3), 16));
      i += 3;
      continue;
    }
    const char = String.fromCodePoint(value.codePointAt(i) as number); // one UTF-16 unit, or a pair
    for (const b of utf8Encoder.encode(char)) bytes.push(b);
    i += char.length;
  }
  return utf8.decode(new Uint8Array(bytes));
}

/**
 * Returns `undefined` when `value` can be sent, otherwise the reason it is refused
 * (a sentence fragment, e.g. "must not be empty").
 */
export function nameProblem(value: unknown): string | undefined {
  if (typeof value !== "string") {
    return `must be a string (got ${value === null ? "null" : typeof value})`;
  }
  if (value.length === 0) return "must not be empty";
  // A fast path for the usual names; the checks below give them the same answer (so `<=` to `<`
  // and turning it off, to `false`, survive, or time out on a loaded machine: they are only slower;
  // removing the block is ignored).
  // Stryker disable next-line BlockStatement: the fast path's `return undefined` is also what the checks return
  if (value.length <= MAX_NAME_LENGTH && PLAIN_NAME.test(value) && value !== "." && value !== "..") {
    return undefined;
  }
  if (LONE_SURROGATE.test(value)) return "must not contain unpaired UTF-16 surrogates";
  if (CONTROL.test(value)) return "must not contain control characters";
  let length = 0;
  for (const _ of value) length++;
  if (length > MAX_NAME_LENGTH) return `must be at most ${MAX_NAME_LENGTH} characters (got ${length})`;
  if (BLANK.test(value)) return "must not be only whitespace";

  // Look at the name as a decoding proxy, the URL parser and a normalising server would.
  const forms = [value];
  let current = value;
  for (let round = 0; round < DECODE_ROUNDS && PERCENT_ESCAPE.test(current); round++) {
    // A round always decodes something: PERCENT_ESCAPE matched.
    const next = percentDecodeOnce(current);
    forms.push(next);
    current = next;
  }
  for (let i = 0; i < forms.length; i++) {
    const form = forms[i] as string;
    const encoded = i > 0 ? " (percent-encoded)" : "";
    for (const seen of [form, form.normalize("NFKC")]) {
      if (DOT_SEGMENT.test(seen)) {
        return `must not be a dot segment ("." or "..")${encoded}: the URL would address another resource`;
      }
      if (SLASH.test(seen)) {
        return `must not contain "/" or "\\"${encoded}: proxies and servers may read it as a path separator`;
      }
      // Only a decoded form can hold one here: the name was checked above, and NFKC makes no control characters.
      if (CONTROL.test(seen)) return `must not contain control characters${encoded}`;
    }
  }
  return undefined;
}

/**
 * The name rule for names that verify hands to the Pact verifier as provider-state values (the
 * `--project` of a run): `nameProblem`, and none of `%`, `?`, `#`, which the verifier puts into
 * the request path unencoded (`Q?x` would turn into a query string, `a%20b` into `a b`).
 */
export function injectionProblem(value: unknown): string | undefined {
  const problem = nameProblem(value);
  if (problem !== undefined) return problem;
  if (/[%?#]/.test(value as string)) {
    return 'must not contain "%", "?" or "#": the Pact verifier puts provider-state values into the request path unencoded';
  }
  return undefined;
}

/** A connection type as Apinizer names them (`email`, `rabbitMq`, `linux-script`): a letter, then letters, digits, `_` or `-`. */
const CONNECTION_TYPE = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/**
 * `undefined` when `value` can be a connection type (List Connections' `type`, a definition's
 * `type`), else why not (never repeating the value).
 */
export function connectionTypeProblem(value: unknown): string | undefined {
  if (typeof value !== "string") return "must be a string (a connection type such as email or kafka)";
  return CONNECTION_TYPE.test(value)
    ? undefined
    : "must be a connection type such as email, kafka or linux-script (a letter, then letters, digits, _ or -; at most 64)";
}
