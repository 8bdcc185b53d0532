import createClient, { type Client } from "openapi-fetch";
import type { paths } from "../generated/openapi.js";
import { nameProblem } from "../rules/names.js";
import { connectionPath } from "../rules/route.js";
import { raceAbort, readBodyText, retryAfterMs, sleep } from "./http.js";
import { mapAnswer } from "./mapping.js";
import type { DeleteConnectionResult, InvalidArgumentFailure, NetworkFailure, TimeoutFailure } from "./results.js";

/** Any `fetch`-compatible function. The client calls it as `fetch(url: string, init)`. */
export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Optional fields also accept `undefined` (= the default), handy under exactOptionalPropertyTypes. */
export interface ConnectionsClientOptions {
  /** The management console's base URL, e.g. `https://demo.apinizer.com` (a path prefix is kept). */
  readonly baseUrl: string;
  /** A Personal API Access Token. Sent only as `Authorization: Bearer <token>`. */
  readonly token: string;
  /** Time limit for one `deleteConnection` call, retries and backoff included. Default 30000. */
  readonly timeoutMs?: number | undefined;
  /** Extra attempts after a network error or a 502/503/504. Default 0, at most 10. */
  readonly retries?: number | undefined;
  /** A `fetch` to use instead of `globalThis.fetch` (tests, proxies, instrumentation). */
  readonly fetch?: FetchFunction | undefined;
  /** Extra request headers. `Authorization` is refused: the client sets it from `token`. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

export interface DeleteConnectionParams {
  readonly projectName: string;
  readonly connectionName: string;
}

export interface DeleteConnectionOptions {
  /** Report "connection not found" as `{ ok: true, deleted: false }`: makes re-runs and retries safe. */
  readonly ignoreMissing?: boolean | undefined;
  /** Aborts the call; it then resolves to `{ ok: false, kind: "network", aborted: true }`. */
  readonly signal?: AbortSignal | undefined;
}

/** The typed openapi-fetch client for this API (base URL and Authorization already set, redirects not followed). */
export type ConnectionsRawClient = Client<paths>;

export interface ConnectionsClient {
  /** Deletes one connection. Never rejects: every outcome is a `DeleteConnectionResult`. */
  deleteConnection(params: DeleteConnectionParams, options?: DeleteConnectionOptions): Promise<DeleteConnectionResult>;
  /** The underlying typed openapi-fetch client, for teams that want its `{ data, error, response }`. */
  readonly raw: ConnectionsRawClient;
  /** The normalised base URL (no trailing slash). */
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly retries: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
/** setTimeout's limit. */
const MAX_TIMEOUT_MS = 2_147_483_647;
export const MAX_RETRIES = 10;
const BACKOFF_BASE_MS = 200;
const RETRY_STATUSES = new Set([502, 503, 504]);
/** Visible ASCII: what a Bearer token can hold without breaking or smuggling a header. */
const TOKEN = /^[\x21-\x7e]+$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

function optionError(message: string): TypeError {
  return new TypeError(`createConnectionsClient: ${message}`);
}

function checkBaseUrl(value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") throw optionError("baseUrl must be a non-empty string");
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw optionError("baseUrl is not a valid URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw optionError(`baseUrl must be an http(s) URL (got ${url.protocol})`);
  }
  if (url.username !== "" || url.password !== "") {
    throw optionError("baseUrl must not contain credentials (user:password@); pass the token as options.token");
  }
  if (url.search !== "" || url.hash !== "" || /[?#]/.test(value)) {
    throw optionError("baseUrl must not contain a query or a fragment");
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, "");
}

function checkToken(value: unknown): string {
  if (typeof value !== "string" || value.length === 0) throw optionError("token must be a non-empty string");
  if (/[\r\n]/.test(value))
    throw optionError("token must not contain CR or LF (it would break the Authorization header)");
  if (!TOKEN.test(value)) {
    throw optionError(
      "token must be visible ASCII without spaces or control characters (as Personal API Access Tokens are)",
    );
  }
  return value;
}

function checkHeaders(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw optionError("headers must be an object of header names to string values");
  }
  const out: Record<string, string> = {};
  for (const [name, headerValue] of Object.entries(value)) {
    if (!HEADER_NAME.test(name))
      throw optionError(`headers: "${name.replace(/[^\x20-\x7e]/g, "?")}" is not a valid header name`);
    if (name.toLowerCase() === "authorization") {
      throw optionError("headers must not set Authorization: the client sends the token as a Bearer token itself");
    }
    // The value is not repeated in the message: it may be a secret too.
    if (typeof headerValue !== "string" || !HEADER_VALUE.test(headerValue)) {
      throw optionError(`headers: the value of "${name}" must be a string without CR, LF or other control characters`);
    }
    out[name] = headerValue;
  }
  return out;
}

function checkTimeout(value: unknown): number {
  if (value === undefined) return DEFAULT_TIMEOUT_MS;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0 || value > MAX_TIMEOUT_MS) {
    throw optionError(`timeoutMs must be a number of milliseconds > 0 and <= ${MAX_TIMEOUT_MS}`);
  }
  return value;
}

function checkRetries(value: unknown): number {
  if (value === undefined) return 0;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > MAX_RETRIES) {
    throw optionError(`retries must be an integer from 0 to ${MAX_RETRIES}`);
  }
  return value;
}

function invalid(message: string): InvalidArgumentFailure {
  return { ok: false, kind: "invalid-argument", message };
}

function abortedFailure(): NetworkFailure {
  return {
    ok: false,
    kind: "network",
    aborted: true,
    message: "aborted by the caller's signal (the connection may or may not have been deleted)",
  };
}

function timeoutFailure(timeoutMs: number, retries: number): TimeoutFailure {
  const scope = retries > 0 ? " (retries included)" : "";
  return {
    ok: false,
    kind: "timeout",
    message: `no complete answer within ${timeoutMs} ms${scope} (the connection may or may not have been deleted)`,
  };
}

function isAbortSignal(value: unknown): value is AbortSignal {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as AbortSignal).aborted === "boolean" &&
    typeof (value as AbortSignal).addEventListener === "function" &&
    typeof (value as AbortSignal).removeEventListener === "function"
  );
}

/** A one-line description of a thrown error and its causes (e.g. "fetch failed: connect ECONNREFUSED 127.0.0.1:1"). */
function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== undefined && current !== null; depth++) {
    if (current instanceof Error || (typeof current === "object" && "message" in current)) {
      const e = current as { message?: unknown; code?: unknown; cause?: unknown };
      const message = typeof e.message === "string" ? e.message : "";
      const code = typeof e.code === "string" && !message.includes(e.code) ? ` (${e.code})` : "";
      if (message !== "" || code !== "") parts.push(`${message}${code}`);
      current = e.cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return parts.join(": ") || "unknown error";
}

type Attempt =
  | {
      readonly kind: "answer";
      readonly status: number;
      readonly text: string;
      readonly truncated: boolean;
      readonly headers: Headers;
    }
  | { readonly kind: "error"; readonly error: unknown };

/**
 * Creates a client. Throws a TypeError for an unusable option (the message never contains the
 * token); after that, nothing the client does throws or rejects.
 */
export function createConnectionsClient(options: ConnectionsClientOptions): ConnectionsClient {
  if (typeof options !== "object" || options === null) throw optionError("options must be an object");
  const baseUrl = checkBaseUrl(options.baseUrl);
  const token = checkToken(options.token);
  const timeoutMs = checkTimeout(options.timeoutMs);
  const retries = checkRetries(options.retries);
  const extraHeaders = checkHeaders(options.headers);
  if (options.fetch !== undefined && typeof options.fetch !== "function") throw optionError("fetch must be a function");
  const userFetch: FetchFunction | undefined = options.fetch;
  const headers = { ...extraHeaders, Authorization: `Bearer ${token}` };
  const redact = (s: string): string => (s.includes(token) ? s.split(token).join("[REDACTED]") : s);

  const raw = createClient<paths>({
    baseUrl,
    headers,
    redirect: "manual",
    ...(userFetch === undefined ? {} : { fetch: (request: Request) => userFetch(request) }),
  });
  const requestInit = { method: "DELETE", headers, redirect: "manual" } as const;

  /**
   * One request, straight to fetch: going through the openapi-fetch client (`raw`) measured ~8%
   * slower per call for nothing this method needs (README, Benchmark).
   */
  async function attempt(url: string, signal: AbortSignal): Promise<Attempt> {
    try {
      const init: RequestInit = { ...requestInit, signal };
      let response: Response;
      if (userFetch === undefined) {
        response = await fetch(url, init);
      } else {
        // A custom fetch may ignore the signal: never wait on it past the deadline.
        response = await raceAbort(
          Promise.resolve().then(() => userFetch(url, init)),
          signal,
        );
        if (typeof response !== "object" || response === null || typeof response.status !== "number") {
          return { kind: "error", error: new Error("fetch did not resolve to a Response") };
        }
      }
      const { text, truncated } = await readBodyText(response, signal, userFetch !== undefined);
      return { kind: "answer", status: response.status, text, truncated, headers: response.headers };
    } catch (error) {
      return { kind: "error", error };
    }
  }

  async function deleteConnection(
    params: DeleteConnectionParams,
    callOptions?: DeleteConnectionOptions,
  ): Promise<DeleteConnectionResult> {
    let projectName: unknown;
    let connectionName: unknown;
    let ignoreMissing: unknown;
    let callerSignal: unknown;
    try {
      if (typeof params !== "object" || params === null) {
        return invalid("params must be an object { projectName, connectionName }");
      }
      projectName = params.projectName;
      connectionName = params.connectionName;
      if (callOptions !== undefined && (typeof callOptions !== "object" || callOptions === null)) {
        return invalid("options must be an object { ignoreMissing?, signal? } or undefined");
      }
      ignoreMissing = callOptions?.ignoreMissing;
      callerSignal = callOptions?.signal;
    } catch (error) {
      return invalid(`could not read the arguments: ${redact(describeError(error))}`);
    }
    const projectProblem = nameProblem(projectName);
    if (projectProblem !== undefined) return invalid(`projectName ${projectProblem}`);
    const connectionProblem = nameProblem(connectionName);
    if (connectionProblem !== undefined) return invalid(`connectionName ${connectionProblem}`);
    if (ignoreMissing !== undefined && typeof ignoreMissing !== "boolean") {
      return invalid("ignoreMissing must be a boolean");
    }
    if (callerSignal !== undefined && !isAbortSignal(callerSignal)) return invalid("signal must be an AbortSignal");
    if (callerSignal?.aborted === true) {
      return {
        ok: false,
        kind: "network",
        aborted: true,
        message: "aborted by the caller's signal before the request was sent",
      };
    }

    const url = `${baseUrl}${connectionPath(projectName as string, connectionName as string)}`;
    const started = retries > 0 ? Date.now() : 0;
    // One deadline for the whole call (every attempt, backoff and body read), created per call.
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new DOMException(`no complete answer within ${timeoutMs} ms`, "TimeoutError"));
    }, timeoutMs);
    const onCallerAbort =
      callerSignal === undefined ? undefined : (): void => controller.abort((callerSignal as AbortSignal).reason);
    if (onCallerAbort !== undefined)
      (callerSignal as AbortSignal).addEventListener("abort", onCallerAbort, { once: true });
    const stopped = (): TimeoutFailure | NetworkFailure =>
      timedOut ? timeoutFailure(timeoutMs, retries) : abortedFailure();

    try {
      for (let attemptNo = 0; ; attemptNo++) {
        const outcome = await attempt(url, controller.signal);
        // A complete answer counts even if the deadline passed just after it arrived.
        if (outcome.kind === "error" && controller.signal.aborted) return stopped();
        const retryable = outcome.kind === "error" || RETRY_STATUSES.has(outcome.status);
        if (retryable && attemptNo < retries) {
          const backoff = BACKOFF_BASE_MS * 2 ** attemptNo * (0.5 + Math.random() * 0.5);
          const hinted = outcome.kind === "answer" ? retryAfterMs(outcome.headers.get("retry-after")) : undefined;
          const delay = Math.max(backoff, hinted ?? 0);
          if (Date.now() - started + delay < timeoutMs) {
            try {
              await sleep(delay, controller.signal);
            } catch {
              return stopped();
            }
            continue;
          }
        }
        if (outcome.kind === "error") {
          return { ok: false, kind: "network", message: redact(describeError(outcome.error)) };
        }
        return mapAnswer({
          status: outcome.status,
          text: outcome.text,
          truncated: outcome.truncated,
          location: outcome.headers.get("location"),
          ignoreMissing: ignoreMissing === true,
          redact,
        });
      }
    } catch (error) {
      // Not expected: every step above already turns its failures into results.
      return { ok: false, kind: "network", message: redact(describeError(error)) };
    } finally {
      clearTimeout(timer);
      if (onCallerAbort !== undefined) (callerSignal as AbortSignal).removeEventListener("abort", onCallerAbort);
    }
  }

  const summary = { baseUrl, timeoutMs, retries, token: "[REDACTED]" };
  const client: ConnectionsClient & { toJSON(): unknown } = {
    deleteConnection,
    raw,
    baseUrl,
    timeoutMs,
    retries,
    toJSON: () => summary,
  };
  Object.defineProperty(client, Symbol.for("nodejs.util.inspect.custom"), {
    value: () => `ConnectionsClient ${JSON.stringify(summary)}`,
    enumerable: false,
  });
  return Object.freeze(client);
}
