// What the stand-in decides and how tests bend it: the request's route and principal, the
// outcome, the reply before it is written, and the behaviours that make it deviate from
// Apinizer's documented answers. The Delete answers' bodies are typed from the generated spec
// (see answers.ts); Create, Get and List are not in this project's spec (it documents Delete
// only), so the little the stand-in needs of them is declared here.
import type { Envelope } from "../rules/envelope.js";

/**
 * A stored connection: the Create Connection body as sent (`type` is Apinizer's discriminator,
 * the other fields depend on it, e.g. `host`, `port` for `email`). `deployToWorker` absent means
 * true (Create Connection page): only such a connection answers Delete with a `deploymentResult`
 * in the status envelope.
 */
export interface StoredConnection {
  name: string;
  type: string;
  [field: string]: unknown;
}

/** An HTTP answer before it is written. `body` is sent as JSON unless it is a string (sent as is). */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

/**
 * The operation a request addresses (`spec`: GET of the published OpenAPI document, SPEC_PATHS;
 * `unknown`: a path or method API Ops does not route).
 */
export type Operation = "delete" | "create" | "get" | "list" | "healthcheck" | "spec" | "unknown";

/**
 * Who sent a request, by its `Authorization: Bearer …` header:
 * - `full`: the stand-in's token (every permission);
 * - `limited`: the limited token (authenticates; may read but lacks CONNECTIONS + MANAGE);
 * - `anonymous`: no Authorization header (status envelope: "Empty Key! …");
 * - `invalid`: any other header (status envelope: "Token is not valid!").
 */
export type Principal = "full" | "limited" | "anonymous" | "invalid";

/** What the stand-in decided for one request, before the envelope words it. */
export type Outcome =
  | "ok"
  | "deleted"
  | "created"
  | "updated"
  | "found"
  | "listed"
  | "connection-not-found"
  | "project-not-found"
  | "permission-denied"
  | "unauthorized"
  | "connection-exists"
  | "empty-name"
  | "invalid-body"
  | "type-required"
  | "body-too-large"
  /** A request body with a Content-Encoding (gzip, br…): the stand-in reads plain bodies only. */
  | "unsupported-encoding"
  | "limit-reached"
  | "no-route"
  /** GET of the OpenAPI document (no token needed). */
  | "spec"
  /** Delete with `Prefer: code=…`/`example=…`: a documented answer picked from the spec; the store is untouched. */
  | "preferred"
  /** A behaviour hook or name transform threw: answered 500 (only seen in the request log). */
  | "internal-error";

/** Everything a `behaviour.reply` hook may base its rewrite on. */
export interface ReplyContext {
  /** The envelope the stand-in speaks (`ServeOptions.envelope`). */
  envelope: Envelope;
  operation: Operation;
  outcome: Outcome;
  /** Who sent the request, after `enforceAuth`/`enforcePermission` were applied. */
  principal: Principal;
  method: string;
  /** The request path as received, without the query (still percent-encoded). */
  path: string;
  /** The raw query after `?` ("" when none). */
  query: string;
  /** Decoded project name, for routes that carry one. */
  projectName?: string;
  /** Decoded connection name after `behaviour.nameTransform`, for routes that carry one. */
  connectionName?: string;
  /** For `deleted`, `created` and `updated`: whether the connection was (is) deployed to workers. */
  deployed?: boolean;
}

/**
 * Ways to make the stand-in behave unlike the documented API, for tests that show what the
 * verification catches (and what it tolerates). The default is the documented behaviour of the
 * envelope in use. Variants of the *answer* (statuses, fields, headers, wording) are written with
 * `reply`; the flags below change what the stand-in *does*.
 */
export interface StandInBehaviour {
  /** Check the token (default true). `false`: a missing or wrong token acts as the full token. */
  enforceAuth?: boolean;
  /** Check CONNECTIONS + MANAGE (default true). `false`: the limited token may also delete and create. */
  enforcePermission?: boolean;
  /**
   * Which connection routes exist: `required` (default, as Apinizer: only with the trailing
   * slash; without it the answer is the unknown-route 404) or `absent` (only without it).
   */
  trailingSlash?: "required" | "absent";
  /**
   * What Create does with an existing name: `reject` (400 "… already exists!", older pages) or
   * `upsert` (update it, newer pages). Default: `reject` in the success envelope, `upsert` in the
   * status envelope.
   */
  createExisting?: "reject" | "upsert";
  /** Delete first, check the token afterwards (a server that deletes on a 401). */
  deleteBeforeAuth?: boolean;
  /** Answer a delete as done but keep the connection (a server that reports what it did not do). */
  keepOnDelete?: boolean;
  /**
   * Applied to each decoded connection name of the path before it is looked up, e.g.
   * `(n) => n.replaceAll("+", " ")` for a server that reads `+` as a space, or only for
   * `operation === "delete"`. Project names are not transformed. Default: the name as decoded.
   */
  nameTransform?: (connectionName: string, operation: Operation) => string;
  /** Wait this many milliseconds before answering (a slow server); the wait starts on arrival. */
  delayMs?: number;
  /** Rewrite any answer just before it is written; return undefined to keep it. A throw answers 500. */
  reply?: (reply: Reply, context: ReplyContext) => Reply | undefined;
}
