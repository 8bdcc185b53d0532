// Pieces of a secret: a run of MIN_PIECE characters of a token, or of its base64 or hex, is
// redacted wherever it stands (a token split over two fields or two lines must not survive half by
// half). Found by hashed grams sampled at a fixed step, not by every substring: rules/secrets.ts
// asks for them in the text and in each decoded view of it.

const utf8 = new TextEncoder();

/** The secret's base64, standard and URL-safe, at each of the three byte alignments. */
export function base64Cores(secret: string): string[] {
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
export const hexOf = (secret: string): string =>
  [...utf8.encode(secret)].map((b) => b.toString(16).padStart(2, "0")).join("");

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
export interface Pieces {
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
export function pieceIndexes(secrets: readonly string[]): Pieces {
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
 * Spans [start, end) of `text` that are runs of at least `min` characters of a form in one of `pieces`' indexes.
 * Every such run holds a whole gram at a position that is a multiple of `min - GRAM + 1`, so only
 * those positions are looked up (by hash); each hit is grown both ways as far as text and form agree.
 */
export function pieceSpans(text: string, pieces: Pieces): [number, number][] {
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
