// The shape of what a documentation page of Delete Connection says, as data: the spec must carry
// every fact of it (test/spec/facts.test.ts). The pages themselves are never copied into the
// project nor read by the tests; each table is written from one page, in this project's words,
// except the JSON examples and the server's messages, which are facts and stay exact.
import type { Envelope } from "../../src/rules/envelope.js";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A body field the page documents: its dotted path, JSON type, and whether a body must carry it. */
export interface FieldFact {
  readonly field: string;
  readonly type: "boolean" | "object" | "string";
  readonly required: boolean;
  /** What the spec's description of the field must say (the page's meaning, not its words). */
  readonly about: RegExp;
}

/** A fact the spec must state in prose: a short label and the meaning its sentence must carry. */
export interface ProseFact {
  readonly label: string;
  readonly about: RegExp;
}

export interface PageFacts {
  /** Which page, for test names. */
  readonly page: string;
  /** The response envelope the page describes. */
  readonly envelope: Envelope;
  readonly method: "delete";
  readonly path: string;
  /** How the caller authenticates: the header line of the page's sample and the token's name. */
  readonly auth: { readonly header: string; readonly token: string };
  readonly pathParameters: readonly { name: string; type: "string"; required: boolean; about: RegExp }[];
  /** The page says: no query parameters, no request body. */
  readonly noQueryNoBody: true;
  /** Every HTTP status the page documents, with the JSON bodies it shows for it (exact). */
  readonly statuses: Readonly<Record<number, readonly Json[]>>;
  /** Fields of a successful answer. */
  readonly successFields: readonly FieldFact[];
  /** Fields every error answer carries (one shape for every error status). */
  readonly errorFields: readonly FieldFact[];
  /** Why a 400 happens, as the page lists it. */
  readonly badRequestCauses: readonly ProseFact[];
  /** What the page's overview says the operation does. */
  readonly overview: ProseFact;
  /** The page's notes and warnings, each a bold label in the operation's description. */
  readonly notes: readonly ProseFact[];
  /** The permission the page says the caller's user needs, if it names one. */
  readonly permission?: string;
  /** The page's cURL sample. */
  readonly curl: { readonly method: string; readonly url: string; readonly header: string };
}

/** The endpoint both pages document, and the parts their samples share. */
export const ENDPOINT = "/apiops/projects/{projectName}/connections/{connectionName}/";
export const SAMPLE_AUTH = { header: "Authorization: Bearer YOUR_TOKEN", token: "Personal API Access Token" };
export const SAMPLE_CURL = {
  method: "DELETE",
  url: "https://demo.apinizer.com/apiops/projects/MyProject/connections/my-email-connection/",
  header: SAMPLE_AUTH.header,
};

/** Path parameters as both pages list them. */
export const PATH_PARAMETERS: PageFacts["pathParameters"] = [
  { name: "projectName", type: "string", required: true, about: /project/i },
  { name: "connectionName", type: "string", required: true, about: /connection.*must exist/is },
];

/** The overview, the same on both pages: an existing connection is removed from its project for good. */
export const OVERVIEW: ProseFact = { label: "overview", about: /^Removes one connection from a project, for good\./ };

/** The five notes and warnings, the same on both pages. */
export const NOTES: readonly ProseFact[] = [
  { label: "Permanent deletion", about: /no undo|cannot be (undone|brought back|recovered)/i },
  { label: "Dependencies", about: /no policy or other component still uses/i },
  { label: "Case sensitivity", about: /without regard to letter case|case-insensitive/i },
  { label: "Deployment", about: /deployed.*taken off the workers/i },
  { label: "References", about: /other connections that refer to this one may stop working/i },
];

/** The two causes of a 400 both pages list. */
export const CONNECTION_CAUSES: readonly ProseFact[] = [
  { label: "the connection does not exist", about: /connection does not exist/i },
  { label: "the connection name is empty", about: /connection name is empty/i },
];
