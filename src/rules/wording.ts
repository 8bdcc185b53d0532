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
 * The patterns, as regular-expression source that means the same in JavaScript (flags `is`) and
 * in the Rust regex engine of the Pact verifier (prefixed `(?is)`): no lookaround, whole value.
 */
export const WORDING = {
  /** The message says a *connection* was not found (in either order: "Connection X was not found", "not found: connection X"). */
  connectionNotFound: `^.*(?:connection.*${NOT_FOUND}|${NOT_FOUND}.*connection).*$`,
  /** The message says a *project* was not found. */
  projectNotFound: `^.*(?:project.*${NOT_FOUND}|${NOT_FOUND}.*project).*$`,
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

/**
 * Classifies an error message. `names` are the names the request carried: they are blanked out
 * first, so a project called "connections-hub" cannot make "Project (connections-hub) is not
 * found!" read as a missing connection. Precedence: connection, then project, then permission,
 * so the contract's connection-not-found matcher accepts exactly the messages classified
 * `connection-not-found` (for names without those words, as every fixture name is).
 */
export function meaningOf(message: string, names: readonly string[] = []): ErrorMeaning {
  let text = message;
  for (const name of names) {
    if (name !== "") text = text.replace(new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gi"), "«name»");
  }
  if (PATTERNS.connectionNotFound.test(text)) return "connection-not-found";
  if (PATTERNS.projectNotFound.test(text)) return "project-not-found";
  if (PATTERNS.permissionDenied.test(text)) return "permission-denied";
  return "other";
}

/** Any "not found" (connection or project), e.g. for a Get Connection that proves a fixture is gone. */
export function saysNotFound(message: string, names: readonly string[] = []): boolean {
  const meaning = meaningOf(message, names);
  return meaning === "connection-not-found" || meaning === "project-not-found";
}
