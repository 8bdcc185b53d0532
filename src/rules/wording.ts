// Apinizer's wording of its error messages: what a 400's message means. One rule, used by the
// client (its result kinds), verify (fixture steps, pre-flight), the stand-in (its messages are
// tested against it) and the contract (its matchers are these very patterns).
//
// Sources: the seed page ("Connection (name: my-email-connection) was not found!"), the 2026-08
// pages and error conventions ("Project (MyProject) is not found!", "User does not have required
// permission for this operation!"); other servers word the same around the name ("Connection c1
// does not exist", "... was Not Found!").

/** "not found" in the words servers use. */
const NOT_FOUND = String.raw`(?:not\s*(?:be(?:en)?\s+)?found|does\s*n[o'’]?t\s+exist|no\s+such)`;

/**
 * `word` as a whole word: not inside a longer name such as `connections-hub` or `ContractTests`.
 * Letters, digits, `_` and `-` count as part of a word (names are made of them); the boundaries
 * are spelled out because `\b` means ASCII in JavaScript and Unicode in Rust.
 */
const word = (w: string): string => `(?:^|[^a-z0-9_-])${w}(?:[^a-z0-9_-]|$)`;
const CONNECTION = word("connection");
const PROJECT = word("project");

/**
 * The patterns, as regular-expression source that means the same in JavaScript (flags `is`) and
 * in the Rust regex engine of the Pact verifier (prefixed `(?is)`): no lookaround, no `\b`, whole
 * value.
 */
export const WORDING = {
  /** The message says a *connection* was not found (in either order: "Connection X was not found", "not found: connection X"). */
  connectionNotFound: `^.*(?:${CONNECTION}.*${NOT_FOUND}|${NOT_FOUND}.*${CONNECTION}).*$`,
  /** The message says a *project* was not found. */
  projectNotFound: `^.*(?:${PROJECT}.*${NOT_FOUND}|${NOT_FOUND}.*${PROJECT}).*$`,
  /** The message says the user lacks a permission (Apinizer: CONNECTIONS + MANAGE in the project). */
  permissionDenied: String.raw`^.*(?:permission|not\s+(?:authori[sz]ed|allowed|permitted)|access\s+(?:is\s+)?denied|forbidden).*$`,
} as const;

export type Wording = keyof typeof WORDING;

const PATTERNS = {
  connectionNotFound: new RegExp(WORDING.connectionNotFound, "is"),
  projectNotFound: new RegExp(WORDING.projectNotFound, "is"),
  permissionDenied: new RegExp(WORDING.permissionDenied, "is"),
} as const;

/** A pattern as a Pact `regex` matcher takes it (Rust syntax, whole value, case-insensitive). */
export function pactRegex(wording: Wording): string {
  return `(?is)${WORDING[wording]}`;
}

/** What an error message means; `other` for anything else (a plain bad request). */
export type ErrorMeaning = "connection-not-found" | "project-not-found" | "permission-denied" | "other";

const ESCAPE = /[.*+?^${}()|[\]\\]/g;

/** `text` with each whole-word occurrence of a name replaced by a neutral placeholder. */
function blankNames(text: string, names: readonly string[]): string {
  let out = text;
  for (const name of names) {
    if (name === "" || !out.toLowerCase().includes(name.toLowerCase())) continue;
    // Whole words only: a project "P" must not blank the "p" of "Project".
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}_-])${name.replace(ESCAPE, "\\$&")}(?![\\p{L}\\p{N}_-])`, "giu");
    out = out.replace(pattern, "«name»");
  }
  return out;
}

function classify(text: string): ErrorMeaning {
  if (PATTERNS.connectionNotFound.test(text)) return "connection-not-found";
  if (PATTERNS.projectNotFound.test(text)) return "project-not-found";
  if (PATTERNS.permissionDenied.test(text)) return "permission-denied";
  return "other";
}

/**
 * Classifies an error message. Precedence: connection, then project, then permission; the
 * contract's connection-not-found matcher (`pactRegex("connectionNotFound")`) accepts exactly the
 * messages this classifies `connection-not-found` without names.
 *
 * `names` are the names the request carried. Where one appears as a whole word it is blanked out
 * first, so a project called "connections-hub" or "connection" cannot make "Project (connection)
 * is not found!" read as a missing connection. Blanking only re-attributes a message: when the
 * blanked text means nothing (a name that is itself a keyword, such as a connection named
 * "found"), the message is read as written.
 */
export function meaningOf(message: string, names: readonly string[] = []): ErrorMeaning {
  const written = classify(message);
  if (names.length === 0 || written === "other") return written;
  const blanked = classify(blankNames(message, names));
  return blanked === "other" ? written : blanked;
}

/** Any "not found" (connection or project), e.g. for a Get Connection that proves a fixture is gone. */
export function saysNotFound(message: string, names: readonly string[] = []): boolean {
  const meaning = meaningOf(message, names);
  return meaning === "connection-not-found" || meaning === "project-not-found";
}
