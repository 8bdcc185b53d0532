// The messages the agreement tests hold against the client's classification and the contract's
// matchers: Apinizer's own wordings (seed page, 2026-08 pages), the wordings issue 8 reported,
// and variants. One table, used by test/rules/wording.test.ts (JavaScript) and
// test/consumer/wording-pact-engine.test.ts (the engine of Pact's mock server and verifier).
import fc from "fast-check";
import type { PathNames } from "../../src/rules/contract.js";
import type { ErrorMeaning } from "../../src/rules/wording.js";

export interface Row {
  readonly message: string;
  /** What the message means for a request with `names` (default: the contract's example names). */
  readonly meaning: ErrorMeaning;
  readonly names?: PathNames;
  /**
   * What it means *without* names, when that differs: the contract's matchers cannot know the
   * names, so they agree with this (a name that is itself one of the rule's words).
   */
  readonly withoutNames?: ErrorMeaning;
}

const names = (projectName: string, connectionName = "c1"): PathNames => ({ projectName, connectionName });

export const TABLE: readonly Row[] = [
  // The seed page and Apinizer's 2026-08 pages.
  { message: "Connection (name: my-email-connection) was not found!", meaning: "connection-not-found" },
  { message: "Project (MyProject) is not found!", meaning: "project-not-found" },
  { message: "User does not have required permission for this operation!", meaning: "permission-denied" },
  { message: "Project 'MyProject' not found", meaning: "project-not-found" },
  { message: "projectName value can not be empty!", meaning: "other" },
  { message: "Connection name is empty", meaning: "other" },
  { message: "Token is not valid!", meaning: "other" },
  { message: "An unexpected error occurred", meaning: "other" },
  { message: "ApiProxy (name: petstore-api) is already exist!", meaning: "other" },
  // Issue 8's wordings.
  { message: "Project 'ContractTests' not found", meaning: "project-not-found" },
  { message: "Connection c1 does not exist", meaning: "connection-not-found" },
  { message: "Connection (name: x) was Not Found!", meaning: "connection-not-found" },
  { message: "Project (connections-hub) is not found!", meaning: "project-not-found", names: names("connections-hub") },
  // Variants: letter case, tenses, order, punctuation, lines.
  { message: "CONNECTION NOT FOUND", meaning: "connection-not-found" },
  { message: "Connection (name: a) could not be found", meaning: "connection-not-found" },
  { message: "Connection has not been found.", meaning: "connection-not-found" },
  { message: "No such connection: c1", meaning: "connection-not-found" },
  { message: "not found: connection c1", meaning: "connection-not-found" },
  { message: "Connection (name: c1) doesn't exist", meaning: "connection-not-found" },
  { message: "Connection (name: c1) doesn’t exist", meaning: "connection-not-found" },
  { message: "Connection 'c1' does not exists", meaning: "connection-not-found" },
  { message: "Connection (name: c1) was not found in project P", meaning: "connection-not-found" },
  { message: "Connection (name: c1) was NotFound!\nProject: P", meaning: "connection-not-found" },
  { message: "Project P does not exist", meaning: "project-not-found" },
  { message: "No such project", meaning: "project-not-found" },
  { message: "Project (my-connection) is not found!", meaning: "project-not-found" },
  { message: "connections-hub not found", meaning: "other" },
  { message: "ConnectionNotFoundException", meaning: "other" },
  { message: "Connection is used by policy P", meaning: "other" },
  { message: "connection", meaning: "other" },
  { message: "not found", meaning: "other" },
  { message: "", meaning: "other" },
  { message: "Permission denied", meaning: "permission-denied" },
  { message: "Access is denied", meaning: "permission-denied" },
  { message: "Forbidden", meaning: "permission-denied" },
  { message: "User is not authorized to manage connections in project P", meaning: "permission-denied" },
  { message: "Connection not found or permission denied", meaning: "connection-not-found" },
  { message: "Project not found: permission check skipped", meaning: "project-not-found" },
  // Tabs, CRs and LFs separate words as spaces do; letters in any case, also inside the
  // rule's character classes ("authori[sz]ed", "n[o'’]t").
  { message: "Connection\twas\tnot\tfound", meaning: "connection-not-found" },
  { message: "Connection was not\r\nfound", meaning: "connection-not-found" },
  { message: "Connection\rdoes\nnot\r\nexist", meaning: "connection-not-found" },
  { message: "CONNECTION DOES NOT EXIST", meaning: "connection-not-found" },
  { message: "CONNECTION DOESN'T EXIST", meaning: "connection-not-found" },
  { message: "CONNECTION DOESNT EXIST", meaning: "connection-not-found" },
  { message: "USER IS NOT AUTHORIZED", meaning: "permission-denied" },
  { message: "USER IS NOT AUTHORISED", meaning: "permission-denied" },
  { message: "User is not\tpermitted", meaning: "permission-denied" },
  { message: "Access\nis\rdenied", meaning: "permission-denied" },
  // Only those: the letters t, r, n between the words are no white space.
  { message: "Connection c1 was notnfound", meaning: "other" },
  { message: "Connection c1 does nottexist", meaning: "other" },
  // The rule's edge: a not-found word keeps a message from reading as a permission problem.
  { message: "You do not have permissions for such operations", meaning: "other" },
  // Names that are the rule's words: blanked for the client; the matchers read the words.
  { message: "Project (P) is not found!", meaning: "project-not-found", names: names("P") },
  { message: "Connection (name: found) was not found!", meaning: "connection-not-found", names: names("P", "found") },
  {
    message: "Project (connection) is not found!",
    meaning: "project-not-found",
    names: names("connection"),
    withoutNames: "connection-not-found",
  },
];

/** The contract's wording each meaning is matched by. */
export const WORDING_OF = {
  "connection-not-found": "connectionNotFound",
  "project-not-found": "projectNotFound",
  "permission-denied": "permissionDenied",
} as const;

/** Messages made of the rule's words and the characters around them, for property tests. */
const pieces = fc.constantFrom(
  ...["connection", "Connection", "CONNECTION", "connections-hub", "my-connection", "project", "Project", "P", "c1"],
  ...["not", "Not", "found", "FOUND", "notfound", "be", "been", "does", "doesn't", "doesn’t", "exist", "exists", "no"],
  ...["such", "permission", "permissions", "access", "is", "denied", "forbidden", "authorized", "allowed", "x_y"],
);
const gaps = fc.constantFrom(" ", " ", "  ", "(", ") ", ": ", "\n", "'", "!", "-", "", "\u00a0", "\u212a");
export const MESSAGES = fc.array(fc.tuple(pieces, gaps), { maxLength: 10 }).map((parts) => parts.flat().join(""));
