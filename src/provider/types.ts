// Types of the in-memory Apinizer stand-in. The Delete answers come from the generated spec
// types; Create, Get and List are not in this project's spec (it documents Delete only), so the
// few fields the stand-in needs for them are declared here.
import type { components } from "../generated/openapi.js";

export type DeleteConnectionResponse = components["schemas"]["DeleteConnectionResponse"];
export type ApiError = components["schemas"]["Error"];

/** A stored connection: the Create body as sent (Apinizer's `type` discriminates the rest). */
export interface StoredConnection {
  name: string;
  type: string;
  [field: string]: unknown;
}

/** An HTTP answer before it is written. `body` is JSON unless it is a string (sent as is). */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

export type Operation = "delete" | "create" | "get" | "list" | "healthcheck" | "unknown";

/** What the stand-in decided, before any behaviour override rewrites the reply. */
export type Outcome =
  | "deleted"
  | "created"
  | "updated"
  | "found"
  | "listed"
  | "ok"
  | "connection-not-found"
  | "connection-exists"
  | "invalid-body"
  | "unauthorized"
  | "project-not-found"
  | "no-route";

export interface ReplyContext {
  operation: Operation;
  outcome: Outcome;
  method: string;
  /** The request path as received (still percent-encoded). */
  path: string;
  projectName?: string;
  connectionName?: string;
}

/**
 * Ways to make the stand-in behave unlike the documented API, for tests that show what the
 * verification catches (and what it tolerates). The default is the documented behaviour.
 */
export interface StandInBehaviour {
  /** Check the token (default true). `false` answers every request as if it were authorised. */
  enforceAuth?: boolean;
  /**
   * Which connection routes exist: "required" (default, as Apinizer: only with the trailing
   * slash; without it the answer is the unknown-route 404) or "absent" (only without it).
   */
  trailingSlash?: "required" | "absent";
  /** What Create does with an existing name: "reject" (400, older docs; default) or "upsert". */
  createExisting?: "reject" | "upsert";
  /** Delete first, check the token afterwards (a server that deletes on a 401). */
  deleteBeforeAuth?: boolean;
  /** Answer a delete with 200 but keep the connection (a server that reports what it did not do). */
  keepOnDelete?: boolean;
  /** Wait this many milliseconds before answering (a slow server). */
  delayMs?: number;
  /** Rewrite any answer just before it is written; return undefined to keep it. */
  reply?: (reply: Reply, context: ReplyContext) => Reply | undefined;
}
