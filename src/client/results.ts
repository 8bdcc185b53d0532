import type { components } from "../generated/openapi.js";

/** The body of a 200 answer, exactly as the spec names it (extra fields allowed). */
export type DeleteConnectionResponse = components["schemas"]["DeleteConnectionResponse"];
/** The error body every documented 4xx answer carries (extra fields allowed). */
export type ConnectionErrorBody = components["schemas"]["Error"];

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
] as const;

export type ConnectionErrorKind = (typeof CONNECTION_ERROR_KINDS)[number];

/** 200: the connection is gone. `data.deploymentResult.success` may still be `false`. */
export interface ConnectionDeleted {
  readonly ok: true;
  readonly status: 200;
  readonly deleted: true;
  readonly data: DeleteConnectionResponse;
}

/** `ignoreMissing: true` and the server said the connection does not exist: nothing to delete. */
export interface ConnectionAlreadyMissing {
  readonly ok: true;
  readonly status: 400;
  readonly deleted: false;
  readonly data: ConnectionErrorBody;
  /** The server's `error_description`. */
  readonly message: string;
}

export type DeleteConnectionSuccess = ConnectionDeleted | ConnectionAlreadyMissing;

/** A documented 4xx answer with the documented error body. */
interface DocumentedErrorFailure<K extends ConnectionErrorKind, S extends number> {
  readonly ok: false;
  readonly kind: K;
  readonly status: S;
  /** The server's `error_description` (token redacted). */
  readonly message: string;
  /** The raw response body (token redacted). */
  readonly body: string;
  /** The parsed error body. */
  readonly error: ConnectionErrorBody;
}

/** 400 whose `error_description` says the connection was not found. */
export type ConnectionNotFoundFailure = DocumentedErrorFailure<"connection-not-found", 400>;
/** Any other 400 with the documented error body. */
export type BadRequestFailure = DocumentedErrorFailure<"bad-request", 400>;
/** 404 with the documented error body: the project does not exist. */
export type ProjectNotFoundFailure = DocumentedErrorFailure<"project-not-found", 404>;

/** 401, whatever the body (gateways answer 401 with anything). */
export interface UnauthorizedFailure {
  readonly ok: false;
  readonly kind: "unauthorized";
  readonly status: 401;
  readonly message: string;
  readonly body: string;
  /** Present only when the body is the documented error body. */
  readonly error?: ConnectionErrorBody;
}

/** An undocumented status (3xx, 204, 5xx, ...). The body is kept raw. */
export interface HttpErrorFailure {
  readonly ok: false;
  readonly kind: "http-error";
  readonly status: number;
  readonly message: string;
  readonly body: string;
  readonly error?: never;
}

/** A documented status whose body is not the documented shape (HTML, other envelope, empty, too big). */
export interface UnexpectedResponseFailure {
  readonly ok: false;
  readonly kind: "unexpected-response";
  readonly status: number;
  readonly message: string;
  readonly body: string;
  readonly error?: never;
}

/** Failures that never got an HTTP answer, or were refused before any request. */
interface NoResponseFailure<K extends ConnectionErrorKind> {
  readonly ok: false;
  readonly kind: K;
  readonly message: string;
  readonly status?: never;
  readonly body?: never;
  readonly error?: never;
}

/**
 * Connection refused, DNS failure, reset, a custom `fetch` that threw — and a call aborted by the
 * caller's own `signal` (then `aborted: true`).
 */
export interface NetworkFailure extends NoResponseFailure<"network"> {
  /** `true` when the caller's `signal` aborted the call (not a timeout, not the network). */
  readonly aborted?: true;
}
/** `timeoutMs` elapsed (waiting for headers, reading a stalled body, or across retries). */
export type TimeoutFailure = NoResponseFailure<"timeout">;
/** Refused before any request: a bad name or option. `message` names the parameter and the reason. */
export type InvalidArgumentFailure = NoResponseFailure<"invalid-argument">;

export type DeleteConnectionFailure =
  | ConnectionNotFoundFailure
  | BadRequestFailure
  | UnauthorizedFailure
  | ProjectNotFoundFailure
  | HttpErrorFailure
  | UnexpectedResponseFailure
  | NetworkFailure
  | TimeoutFailure
  | InvalidArgumentFailure;

/** What `deleteConnection` resolves to. It never rejects. */
export type DeleteConnectionResult = DeleteConnectionSuccess | DeleteConnectionFailure;
