// What `deleteConnection` resolves to: one union for both envelopes, narrowed by `ok`, `deleted`,
// `kind` and `envelope`. Shapes come from the generated spec types; nothing here restates a schema.
import type { components } from "../generated/openapi.js";
import type { Envelope } from "../rules/envelope.js";

type Schemas = components["schemas"];

export type { Envelope };

/**
 * Every `kind` a failed `deleteConnection` can report, as a runtime list (CLIs, logs, switch
 * tables). The order is stable; new kinds are only ever appended.
 */
export const CONNECTION_ERROR_KINDS = [
  "connection-not-found",
  "bad-request",
  "unauthorized",
  "project-not-found",
  "http-error",
  "unexpected-response",
  "network",
  "timeout",
  "invalid-argument",
  "permission-denied",
] as const;

/** The `kind` of a failed result: one of CONNECTION_ERROR_KINDS (switch on it; new kinds are only appended). */
export type ConnectionErrorKind = (typeof CONNECTION_ERROR_KINDS)[number];

/** The parsed error body of a documented error, with the envelope it came in. */
export type DocumentedError =
  | { readonly envelope: "success"; readonly error: Schemas["Error"] }
  | { readonly envelope: "status"; readonly error: Schemas["StatusEnvelopeFailure"] };

/**
 * What happened on the workers (the gateways) when the connection was deleted: `removed` (the
 * answer's `deploymentResult.success` is true), `failed` (it is false; the connection itself is
 * still gone), `not-deployed` (status envelope without `deploymentResult`: it was never deployed).
 */
export type WorkersOutcome = "removed" | "failed" | "not-deployed";

/** Present on a "not found" heard after a retry: the earlier attempt may have done the deletion. */
interface AfterRetry {
  /**
   * `true` when an earlier attempt of this call got a 502/503/504 or a network error before this
   * "not found": that attempt may have deleted the connection (the message says so too).
   */
  readonly earlierAttemptMayHaveDeleted?: true;
}

/** HTTP 200 in either envelope: the connection is gone. `data` is the parsed body (token redacted). */
export type ConnectionDeleted = {
  readonly ok: true;
  readonly status: 200;
  readonly deleted: true;
  readonly workers: WorkersOutcome;
} & (
  | { readonly envelope: "success"; readonly data: Schemas["DeleteConnectionResponse"] }
  | { readonly envelope: "status"; readonly data: Schemas["StatusEnvelopeSuccess"] }
);

/**
 * `ignoreMissing: true` and a 400 saying the connection does not exist (or a 200 whose envelope
 * says the request was not carried out, with that message): nothing to delete.
 */
export type ConnectionAlreadyMissing = {
  readonly ok: true;
  readonly status: 400 | 200;
  readonly deleted: false;
  /** The server's message (token redacted), plus a note when `earlierAttemptMayHaveDeleted`. */
  readonly message: string;
} & AfterRetry &
  (
    | { readonly envelope: "success"; readonly data: Schemas["Error"] }
    | { readonly envelope: "status"; readonly data: Schemas["StatusEnvelopeFailure"] }
  );

/** `ok: true`: deleted now (`deleted: true`), or already missing with `ignoreMissing` (`deleted: false`). */
export type DeleteConnectionSuccess = ConnectionDeleted | ConnectionAlreadyMissing;

/**
 * A documented error answer (400 or 404) with an error body in one envelope; or a 200 whose
 * envelope says the server did not carry out the request (`"success": false` or `"status":
 * "FAILURE"`) with its envelope's error message, classified as a 400 would be.
 */
type DocumentedErrorFailure<K extends ConnectionErrorKind | "connection-exists", S extends number> = {
  readonly ok: false;
  readonly kind: K;
  readonly status: S;
  /** The server's `error_description` or `resultMessage` (token redacted). */
  readonly message: string;
  /** The raw response body (token redacted). */
  readonly body: string;
} & DocumentedError;

/** 400 whose message says the connection was not found (rules/wording). */
export type ConnectionNotFoundFailure = DocumentedErrorFailure<"connection-not-found", 400 | 200> & AfterRetry;
/**
 * Any other 400 with a documented error body; or a 200 whose envelope says the server did not
 * carry out the request (`"success": false`, `"status": "FAILURE"`): the connection was not
 * deleted. Such a 200 without its envelope's error fields has no `error`.
 */
export type BadRequestFailure =
  | DocumentedErrorFailure<"bad-request", 400 | 200>
  | {
      readonly ok: false;
      readonly kind: "bad-request";
      readonly status: 200;
      readonly envelope: Envelope;
      readonly message: string;
      /** The raw response body (token redacted). */
      readonly body: string;
      readonly error?: never;
    };
/**
 * The project does not exist: 404 with the success envelope's error body (the seed page), or 400
 * whose message says the project was not found (the status envelope; newer servers of either).
 */
export type ProjectNotFoundFailure = DocumentedErrorFailure<"project-not-found", 400 | 404 | 200>;
/**
 * 400 whose message says the user lacks a permission (status envelope: "User does not have
 * required permission for this operation!"; Delete needs CONNECTIONS + MANAGE in the project).
 */
export type PermissionDeniedFailure = DocumentedErrorFailure<"permission-denied", 400 | 200>;

/** An answer whose body may or may not be in an envelope (`envelope` and `error` only when it is). */
type AnyBodyFailure<K extends ConnectionErrorKind, S extends number> = {
  readonly ok: false;
  readonly kind: K;
  readonly status: S;
  readonly message: string;
  /** The raw response body (token redacted; for a body over 1 MiB, its start). */
  readonly body: string;
} & (DocumentedError | { readonly envelope?: never; readonly error?: never });

/** 401, whatever the body (gateways answer 401 with anything). */
export type UnauthorizedFailure = AnyBodyFailure<"unauthorized", 401>;
/**
 * An undocumented status (3xx, 204, 5xx, ...), or 500. When the body is an error body in one
 * envelope (500 `{"status": "FAILURE", "resultMessage": ...}`), `message` includes the server's.
 */
export type HttpErrorFailure = AnyBodyFailure<"http-error", number>;

/**
 * A documented status whose body is not a documented answer: HTML, empty, too big, a 200 with
 * an unknown `status` value, a body in both envelopes or in neither. `envelope` is
 * set when the body is in exactly one envelope (e.g. `status` for a 200 `{"status": "DONE"}`).
 */
export type UnexpectedResponseFailure = {
  readonly ok: false;
  readonly kind: "unexpected-response";
  readonly status: number;
  readonly message: string;
  readonly body: string;
  readonly envelope?: Envelope;
  readonly error?: never;
};

/** Failures that never got an HTTP answer, or were refused before any request. */
interface NoResponseFailure<K extends ConnectionErrorKind> {
  readonly ok: false;
  readonly kind: K;
  readonly message: string;
  readonly status?: never;
  readonly body?: never;
  readonly error?: never;
  readonly envelope?: never;
}

/**
 * No readable answer: connection refused, DNS failure, a connection closed or reset, an answer
 * Node's fetch cannot read, a custom `fetch` that threw — and a call aborted by the caller's own
 * `signal` (then `aborted: true`).
 */
export interface NetworkFailure extends NoResponseFailure<"network"> {
  /** `true` when the caller's `signal` aborted the call (not a timeout, not the network). */
  readonly aborted?: true;
  /**
   * `true` when the request was (or may have been) sent and no readable answer came back, so the
   * connection may or may not have been deleted (the message says so too): the connection closed
   * before the answer, the answer could not be read (headers over Node's limit, an unsolicited
   * interim `100 Continue`, a body that cannot be decoded or ends early), a custom `fetch` failed
   * in a way that does not say, or an earlier attempt of the call got a 502/503/504 or such an
   * error. Absent only when the request is known not to have reached the server (refused, DNS,
   * TLS, no route) and no earlier attempt did.
   */
  readonly mayHaveDeleted?: true;
}
/** `timeoutMs` elapsed (waiting for headers, reading a stalled body, or across retries). */
export type TimeoutFailure = NoResponseFailure<"timeout">;
/** Refused before any request: a bad name, option or signal. `message` names the parameter and the reason. */
export type InvalidArgumentFailure = NoResponseFailure<"invalid-argument">;

/** The result of a call whose arguments or options cannot be used: nothing was sent. */
export const invalidArgument = (message: string): InvalidArgumentFailure => ({
  ok: false,
  kind: "invalid-argument",
  message,
});

/** `ok: false`, one member per `kind` (ConnectionErrorKind), each with a human-readable `message`. */
export type DeleteConnectionFailure =
  | ConnectionNotFoundFailure
  | BadRequestFailure
  | UnauthorizedFailure
  | ProjectNotFoundFailure
  | HttpErrorFailure
  | UnexpectedResponseFailure
  | NetworkFailure
  | TimeoutFailure
  | InvalidArgumentFailure
  | PermissionDeniedFailure;

/**
 * What `deleteConnection` resolves to. It never rejects. Every result built from a server's
 * answer in one of the two envelopes says which in `envelope`; on the other results (no answer,
 * an answer in neither envelope) `envelope` is absent, so `result.envelope` reads as
 * `"success" | "status" | undefined` on the whole union.
 */
export type DeleteConnectionResult = DeleteConnectionSuccess | DeleteConnectionFailure;

// Get, List and Create Connection (the same failure kinds as Delete, plus `connection-exists`).

/**
 * A connection's definition as Get Connection answers it and Create Connection takes it: `type`
 * (the discriminator), `name`, the common fields, and the fields of its type (any others). From
 * Get, secret fields are in full: treat it as a secret.
 */
export type Connection = Schemas["Connection"];

/**
 * A failed read, create or list: the failures of `deleteConnection`, except that a missing
 * connection may come as 404 too (servers answer Get Connection's "not found" with 404 or 400).
 * Messages never say a connection "may have been deleted": nothing here deletes.
 */
export type ConnectionCallFailure =
  | Exclude<DeleteConnectionFailure, ConnectionNotFoundFailure>
  | (DocumentedErrorFailure<"connection-not-found", 400 | 404> & AfterRetry);

/** Get Connection's 200: the connection's whole definition (secrets in full; the token redacted). */
export type ConnectionFound = {
  readonly ok: true;
  readonly status: 200;
  readonly connection: Connection;
} & (
  | { readonly envelope: "success"; readonly data: Schemas["ConnectionsFound"] }
  | { readonly envelope: "status"; readonly data: Schemas["StatusEnvelopeConnections"] }
);

/** What `getConnection` resolves to; it never rejects. */
export type GetConnectionResult = ConnectionFound | ConnectionCallFailure;

/** List Connections' 200: the project's connections of one type (secret fields as `null`). */
export type ConnectionsListed = {
  readonly ok: true;
  readonly status: 200;
  readonly connections: readonly Connection[];
} & (
  | { readonly envelope: "success"; readonly data: Schemas["ConnectionsFound"] }
  | { readonly envelope: "status"; readonly data: Schemas["StatusEnvelopeConnections"] }
);

/** What `listConnections` resolves to; it never rejects. */
export type ListConnectionsResult = ConnectionsListed | ConnectionCallFailure;

/**
 * Create Connection's 200: created (or, on a server that upserts, an existing one updated: the
 * answer does not say which). `workers`: `removed` never; `deployed` or `failed` by
 * `deploymentResult.success`, `not-deployed` without a deploymentResult.
 */
export type ConnectionCreated = {
  readonly ok: true;
  readonly status: 200;
  readonly workers: "deployed" | "failed" | "not-deployed";
} & (
  | { readonly envelope: "success"; readonly data: Schemas["ConnectionSaved"] }
  | { readonly envelope: "status"; readonly data: Schemas["StatusEnvelopeSaved"] }
);

/** 400 saying a connection of that name exists already (older servers; newer ones upsert). */
export type ConnectionExistsFailure = DocumentedErrorFailure<"connection-exists", 400>;

/** What `createConnection` resolves to; it never rejects. */
export type CreateConnectionResult = ConnectionCreated | ConnectionCallFailure | ConnectionExistsFailure;

/**
 * `deleteConnection` with `backup`: nothing was deleted because the backup was not made. `stage`
 * `read`: Get Connection failed (`read` is its failure); `write`: the caller's `backup` threw or
 * rejected (`message` says what it threw, the token redacted).
 */
export interface NotBackedUpFailure {
  readonly ok: false;
  readonly kind: "not-backed-up";
  readonly stage: "read" | "write";
  readonly message: string;
  readonly read?: ConnectionCallFailure;
  readonly status?: never;
  readonly body?: never;
  readonly error?: never;
  readonly envelope?: never;
}
