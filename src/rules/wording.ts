// Apinizer's wording of its error messages: what a 400's message means. One rule, used by the
// client (its result kinds), verify (fixture steps, pre-flight), the stand-in (its messages are
// tested against it) and the contract (its matchers are these very patterns).
//
// Sources: the seed page ("Connection (name: my-email-connection) was not found!"), the 2026-08
// pages and error conventions ("Project (MyProject) is not found!", "User does not have required
// permission for this operation!"); other servers word the same around the name ("Connection c1
// does not exist", "... was Not Found!").
//
// The rule, on whole words (runs of ASCII letters, digits, "_" and "-"; any letter case):
//   connection-not-found  the word "connection" and a not-found phrase
//   project-not-found     the word "project" and a not-found phrase, and not the word "connection"
//   permission-denied     a permission phrase, and none of the words a not-found phrase ends in
//   other                 anything else
// The four are disjoint, so each contract matcher accepts exactly the messages of its meaning.

/**
 * `source` with every ASCII letter made to match either case (`n` → `[Nn]`, `[sz]` → `[szSZ]`),
 * escapes left alone: the patterns carry no flags (see WORDING).
 */
export function caseless(source: string): string {
  let out = "";
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    if (c === "\\") {
      // Stryker disable next-line StringLiteral: no pattern ends in a lone "\" (it would not be a pattern)
      out += c + (source[++i] ?? "");
    } else if (!/[a-z]/.test(c)) {
      inClass = c === "[" ? true : c === "]" ? false : inClass;
      out += c;
    } else {
      out += inClass ? c + c.toUpperCase() : `[${c.toUpperCase()}${c}]`;
    }
  }
  return out;
}

/** ASCII white space (a message's words are separated by these). */
const SPACE = String.raw`[ \t\r\n]`;
/** "not found" in the words servers use. */
const NOT_FOUND = caseless(
  `(?:not${SPACE}*(?:be(?:en)?${SPACE}+)?found|does${SPACE}*n[o'’]?t${SPACE}+exists?|no${SPACE}+such)`,
);
/** The words every not-found phrase ends in: a message holding one is never read as a permission problem. */
const NOT_FOUND_WORDS = ["found", "notfound", "exist", "exists", "such"] as const;
/** "no permission" in the words servers use. */
const PERMISSION = caseless(
  `(?:permissions?|not${SPACE}+(?:authori[sz]ed|allowed|permitted)|access${SPACE}+(?:is${SPACE}+)?denied|forbidden)`,
);

const WORD_CHARS = "a-zA-Z0-9_-";
/** One character that is not part of a word. */
const GAP = `[^${WORD_CHARS}]`;
/** Any character, newlines included, without a flag. */
const ANY = String.raw`[\s\S]`;
const LETTERS = "abcdefghijklmnopqrstuvwxyz";

/** A word character other than `letters` (in either case), as a character class such as `[a-bd-zA-BD-Z0-9_-]`. */
function wordCharExcept(letters: readonly string[]): string {
  let ranges = "";
  for (let i = 0; i < LETTERS.length; i++) {
    if (letters.includes(LETTERS[i] as string)) continue;
    let j = i;
    while (j + 1 < LETTERS.length && !letters.includes(LETTERS[j + 1] as string)) j++;
    ranges += `${LETTERS[i]}-${LETTERS[j]}`; // a letter alone as a range of one ("f-f")
    i = j;
  }
  return `[${ranges}${ranges.toUpperCase()}0-9_-]`;
}

/**
 * A whole word that is none of `words` (lower-case letters), in any letter case: a trie of the
 * words, where leaving it by another character, or ending anywhere but at a word's end, makes a
 * different word.
 */
function wordOtherThan(words: readonly string[], prefix = ""): string {
  const longer = words.filter((w) => w.startsWith(prefix) && w.length > prefix.length);
  const next = [...new Set(longer.map((w) => w[prefix.length] as string))];
  const branches = [
    `${wordCharExcept(next)}[${WORD_CHARS}]*`,
    ...next.map((c) => `${caseless(c)}${wordOtherThan(words, prefix + c)}`),
  ];
  const group = `(?:${branches.join("|")})`;
  return prefix !== "" && !words.includes(prefix) ? `${group}?` : group;
}

/** `a` and `b` as whole words or phrases, in either order, anywhere in the value. */
function both(a: string, b: string): string {
  const between = `${GAP}(?:${ANY}*${GAP})?`;
  return `^(?:${ANY}*${GAP})?(?:${a}${between}${b}|${b}${between}${a})(?:${GAP}${ANY}*)?$`;
}

/**
 * The value holds the phrases of one of `orders` (whole, in that order) and, outside them, only
 * words other than `excluded`.
 */
function onlyWith(excluded: readonly string[], ...orders: string[][]): string {
  const word = wordOtherThan(excluded);
  const before = `${GAP}*(?:${word}${GAP}+)*`;
  const between = `${GAP}+(?:${word}${GAP}+)*`;
  const after = `(?:${GAP}+${word})*${GAP}*`;
  return `^${before}(?:${orders.map((phrases) => phrases.join(between)).join("|")})${after}$`;
}

/**
 * The patterns, as regular-expression source that means the same in JavaScript (no flags) and in
 * the engine of Pact's mock server and verifier (pact-core 17: Oniguruma with Ruby syntax, which
 * matches a matcher against the whole value). Hence no flags at all: `(?s)` is not valid there,
 * `(?i)` folds Unicode letters (the Kelvin sign is a "k") where JavaScript does not, and `.`
 * misses newlines; letter case is spelled out (`[Cc]`) and `[\s\S]` stands for any character.
 * No lookaround, anchored at both ends. Built from the rule above.
 */
export const WORDING = {
  /** The message says a *connection* was not found ("Connection X was not found!", "not found: connection X"). */
  connectionNotFound: both(caseless("connection"), NOT_FOUND),
  /** The message says a *project* was not found, and does not name a connection. */
  projectNotFound: onlyWith(["connection"], [caseless("project"), NOT_FOUND], [NOT_FOUND, caseless("project")]),
  /** The message says the user lacks a permission (Apinizer: CONNECTIONS + MANAGE in the project), and nothing is "not found". */
  permissionDenied: onlyWith(NOT_FOUND_WORDS, [PERMISSION]),
} as const;

export type Wording = keyof typeof WORDING;

/** A pattern as a Pact `regex` matcher takes it (whole value, any letter case; see WORDING). */
export function pactRegex(wording: Wording): string {
  return WORDING[wording];
}

/** What an error message means; `other` for anything else (a plain bad request). */
export type ErrorMeaning = "connection-not-found" | "project-not-found" | "permission-denied" | "other";

// The same rule, evaluated word by word: JavaScript's backtracking engine takes quadratic time on
// the patterns above (measured: 1.1 s for 80,000 characters of "connection connection ...", so
// minutes for a hostile 1 MiB message). test/rules/wording.test.ts checks both give the same
// answers, test/consumer/wording-pact-engine.test.ts that Pact's engine reads the patterns alike.
const WORD = new RegExp(`[${WORD_CHARS}]+`, "g");
const NOT_FOUND_PHRASE = new RegExp(`(?:^|${GAP})${NOT_FOUND}(?:${GAP}|$)`);
const PERMISSION_PHRASE = new RegExp(`(?:^|${GAP})${PERMISSION}(?:${GAP}|$)`);

function classify(text: string): ErrorMeaning {
  const words = new Set(text.match(WORD)?.map((w) => w.toLowerCase()));
  const notFound = NOT_FOUND_PHRASE.test(text);
  if (notFound && words.has("connection")) return "connection-not-found";
  if (notFound && words.has("project")) return "project-not-found";
  if (PERMISSION_PHRASE.test(text) && !NOT_FOUND_WORDS.some((w) => words.has(w))) return "permission-denied";
  return "other";
}

const ESCAPE = /[.*+?^${}()|[\]\\]/g;

/** `text` with each whole-word occurrence of a name replaced by a neutral placeholder. */
function blankNames(text: string, names: readonly string[]): string {
  let out = text;
  for (const name of names) {
    if (name === "" || !out.toLowerCase().includes(name.toLowerCase())) continue;
    const pattern = new RegExp(`(?<![${WORD_CHARS}])${name.replace(ESCAPE, "\\$&")}(?![${WORD_CHARS}])`, "gi");
    out = out.replace(pattern, "«name»");
  }
  return out;
}

/**
 * Classifies an error message by the rule above; the contract's matchers
 * (`pactRegex(...)`) accept exactly the messages this gives their meaning, without names.
 *
 * `names` are the names the request carried. Where one appears as a whole word it is blanked out
 * first, so a project called "connection" cannot make "Project (connection) is not found!" read
 * as a missing connection. Blanking only re-attributes a message: when the blanked text means
 * nothing (a name that is itself a keyword, such as a connection named "found"), the message is
 * read as written.
 */
// Stryker disable next-line ArrayDeclaration: a default name other than none is blanked only where it appears
export function meaningOf(message: string, names: readonly string[] = []): ErrorMeaning {
  const written = classify(message);
  if (written === "other") return written;
  const blanked = classify(blankNames(message, names));
  return blanked === "other" ? written : blanked;
}

const ALREADY_EXISTS = /(?:^|[^a-zA-Z0-9_-])already[ \t\r\n]+exists?(?:[^a-zA-Z0-9_-]|$)/i;

/**
 * Whether a Create Connection refusal says the connection exists already (older servers: "Connection
 * (name: X) already exists!"; newer ones update it instead). The names the request carried are
 * blanked first, as in `meaningOf`.
 */
// Stryker disable next-line ArrayDeclaration: a default name other than none is blanked only where it appears
export function saysAlreadyExists(message: string, names: readonly string[] = []): boolean {
  return ALREADY_EXISTS.test(blankNames(message, names));
}
