// The client: `createConnectionsClient` checks its options once; `deleteConnection` sends one
// DELETE through openapi-fetch (the typed `DELETE` of the generated `paths`; retried on
// 502/503/504 and network errors) and turns whatever happens into a result.
import { MAX_BODY_BYTES } from "../rules/limits.js";
import { nameProblem } from "../rules/names.js";
import { closedBeforeAnswer, describeError, notSent, unreadableAnswer } from "../rules/network.js";
import { CONNECTION_PATH_TEMPLATE } from "../rules/route.js";
import { REDACTED, type Redactor, redactor } from "../rules/secrets.js";
import { isIdentity, raceAbort, readBodyText, retryAfterMs, sleep } from "./http.js";
import { mapAnswer } from "./mapping.js";
import { type CheckedOptions, type ConnectionsClientOptions, checkOptions } from "./options.js";
import { type ConnectionsRawClient, createRawClient, createTypedClient } from "./raw.js";
import type { DeleteConnectionResult, InvalidArgumentFailure, NetworkFailure, TimeoutFailure } from "./results.js";
import { followSignal } from "./signal.js";

/**
 * The two path parameters of `DELETE /apiops/projects/{projectName}/connections/{connectionName}/`
 * (seed page). Each must pass the name rule (rules/names.ts): 1–255 characters, not blank, no
 * control characters, no `/` or `\`, not a dot segment, nothing that percent-decodes into one;
 * anything else is percent-encoded into exactly one path segment. A refused name is an
 * `invalid-argument` result, and nothing is sent.
 */
export interface DeleteConnectionParams {
  /** The project's name (case-sensitive). Checked by the name rule before anything is sent. */
  readonly projectName: string;
  /** The connection's name (case-insensitive on the server). Checked by the name rule too. */
  readonly connectionName: string;
}

/** Per-call options of `deleteConnection`. */
export interface DeleteConnectionOptions {
  /**
   * Report "connection not found" as `{ ok: true, deleted: false }`: makes re-runs and retries
   * safe. Never hides a missing project or a missing permission.
   */
  readonly ignoreMissing?: boolean | undefined;
  /** Aborts the call; it then resolves to `{ ok: false, kind: "network", aborted: true }`. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * What `createConnectionsClient` returns: a client for one Apinizer management console (one base
 * URL and token). Safe to share between concurrent calls.
 */
export interface ConnectionsClient {
  /** Deletes one connection. Never rejects: every outcome is a `DeleteConnectionResult`. */
  deleteConnection(params: DeleteConnectionParams, options?: DeleteConnectionOptions): Promise<DeleteConnectionResult>;
  /**
   * The underlying typed openapi-fetch client, for teams that want its `{ data, error, response }`.
   * It applies the same name rule: a request whose names or URL could address anything else
   * rejects with a TypeError and nothing is sent.
   */
  readonly raw: ConnectionsRawClient;
  /** The normalised base URL (no trailing slash). */
  readonly baseUrl: string;
  /** The time limit of one call, in milliseconds. */
  readonly timeoutMs: number;
  /** Extra attempts after a network error or a 502/503/504. */
  readonly retries: number;
}

const BACKOFF_BASE_MS = 200;
const RETRY_STATUSES = new Set([502, 503, 504]);
/** What an attempt whose connection closed before any answer got (said with a later "not found"). */
const CLOSED_EARLY = "a connection closed before the answer";
const MAYBE = "the connection may or may not have been deleted";

const invalid = (message: string): InvalidArgumentFailure => ({ ok: false, kind: "invalid-argument", message });

function timeoutFailure(timeoutMs: number, retries: number): TimeoutFailure {
  const scope = retries > 0 ? " (retries included)" : "";
  const message = `no complete answer within ${timeoutMs} ms${scope} (${MAYBE})`;
  return { ok: false, kind: "timeout", message };
}

const abortedFailure = (message: string): NetworkFailure => ({ ok: false, kind: "network", aborted: true, message });

type Attempt =
  | {
      readonly kind: "answer";
      readonly status: number;
      readonly text: string;
      readonly truncated: boolean;
      headers: Headers;
    }
  // `status` is set when the answer's head arrived and its body could not be read.
  | { readonly kind: "error"; readonly error: unknown; readonly status?: number };

type AttemptError = Extract<Attempt, { kind: "error" }>;

/**
 * The result of a call whose last attempt got no readable answer. Only an error known to happen
 * before a request is written (rules/network.ts), with no earlier attempt that may have deleted,
 * is a plain network failure; anything else may have deleted the connection, and says so.
 */
function networkFailure(outcome: AttemptError, earlier: string | undefined, redact: Redactor): NetworkFailure {
  const said = describeError(outcome.error);
  let message: string;
  if (outcome.status !== undefined) {
    message = `HTTP ${outcome.status}, but its body could not be read: ${said} (${MAYBE})`;
  } else if (!notSent(outcome.error)) {
    const closed = closedBeforeAnswer(outcome.error) ? "the connection closed before an answer arrived" : undefined;
    const what = unreadableAnswer(outcome.error) ?? closed;
    message = `${what === undefined ? said : `${what}: ${said}`} (the request was sent; ${MAYBE})`;
  } else if (earlier !== undefined) {
    message = `${said} (an earlier attempt of this call got ${earlier}; it may have deleted the connection)`;
  } else {
    return { ok: false, kind: "network", message: redact(said) };
  }
  return { ok: false, kind: "network", mayHaveDeleted: true, message: redact(message) };
}

/** Not a Response: a custom fetch resolved to something else. */
function isResponse(value: unknown): value is Response {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Response).status === "number" &&
    typeof (value as Response).headers?.get === "function"
  );
}

/**
 * What openapi-fetch gets in place of an answer that is not 2xx: it reads such a body whole
 * (`response.text()`), past any limit, and a 204 is never read. The client reads the real body
 * itself, bounded. Shared: a body-less Response can be read any number of times.
 */
const READ_BY_THE_CLIENT = new Response(null, { status: 204 });

/** The arguments of one call, read once (a getter that throws cannot throw into the call). */
function readArguments(params: unknown, options: unknown, redact: Redactor) {
  try {
    if (typeof params !== "object" || params === null) {
      return invalid("params must be an object { projectName, connectionName }");
    }
    if (options !== undefined && (typeof options !== "object" || options === null)) {
      return invalid("options must be an object { ignoreMissing?, signal? } or undefined");
    }
    const { projectName, connectionName } = params as Record<string, unknown>;
    const { ignoreMissing, signal } = (options ?? {}) as Record<string, unknown>;
    const projectProblem = nameProblem(projectName);
    if (projectProblem !== undefined) return invalid(`projectName ${projectProblem}`);
    const connectionProblem = nameProblem(connectionName);
    if (connectionProblem !== undefined) return invalid(`connectionName ${connectionProblem}`);
    if (ignoreMissing !== undefined && typeof ignoreMissing !== "boolean") {
      return invalid("ignoreMissing must be a boolean");
    }
    return { projectName: projectName as string, connectionName: connectionName as string, ignoreMissing, signal };
  } catch (error) {
    return invalid(`could not read the arguments: ${redact(describeError(error))}`);
  }
}

/**
 * Creates a client. Throws a TypeError for an unusable option (the message never contains the
 * token or the base URL's text); after that, nothing the client does throws or rejects.
 */
export function createConnectionsClient(options: ConnectionsClientOptions): ConnectionsClient {
  const checked: CheckedOptions = checkOptions(options);
  const { baseUrl, timeoutMs, retries, fetch: userFetch } = checked;
  const headers = { ...checked.headers, Authorization: `Bearer ${checked.token}` };
  const redact = redactor([checked.token]);
  const raw = createRawClient(baseUrl, headers, userFetch);
  // The same openapi-fetch client without raw's guard: deleteConnection checks the names itself.
  const api = createTypedClient(baseUrl, headers);

  /**
   * One attempt: openapi-fetch builds the Request from the generated `paths` (typed path and
   * parameters, the names percent-encoded) and hands it to `send`, its custom `fetch`, which holds
   * the client's transport rules: the deadline even for a fetch that ignores the signal, the
   * answer kept for the client to read, bounded. `parseAs: "stream"` leaves a 2xx body unread.
   */
  async function attempt(path: DeleteConnectionParams, signal: AbortSignal): Promise<Attempt> {
    let received: Response | undefined;
    const keep = (response: Response): Response => {
      if (!isResponse(response)) throw new Error("fetch did not resolve to a Response");
      received = response;
      return response.ok ? response : READ_BY_THE_CLIENT;
    };
    const send = (request: Request): Promise<Response> =>
      userFetch === undefined
        ? fetch(request).then(keep)
        : // A custom fetch may ignore the signal: never wait on it past the deadline.
          raceAbort(
            Promise.resolve().then(() => userFetch(request)),
            signal,
          ).then(keep);
    try {
      await api.DELETE(CONNECTION_PATH_TEMPLATE, { params: { path }, parseAs: "stream", signal, fetch: send });
    } catch (error) {
      return { kind: "error", error };
    }
    const response = received as Response;
    try {
      if (userFetch === undefined) {
        const declared = Number(response.headers.get("content-length") ?? Number.NaN);
        if (declared >= 0 && declared <= MAX_BODY_BYTES && isIdentity(response.headers.get("content-encoding"))) {
          // Small, announced and not compressed: fetch itself stops a server that sends more than
          // it declared. A compressed body's Content-Length counts the compressed bytes, not what
          // text() decodes (a 50 KB gzip body can be 50 MiB): those go through readBodyText.
          const text = await response.text();
          return { kind: "answer", status: response.status, text, truncated: false, headers: response.headers };
        }
      }
      const { text, truncated } = await readBodyText(response, signal, userFetch !== undefined);
      return { kind: "answer", status: response.status, text, truncated, headers: response.headers };
    } catch (error) {
      return { kind: "error", error, status: response.status };
    }
  }

  async function run(params: unknown, callOptions: unknown): Promise<DeleteConnectionResult> {
    const args = readArguments(params, callOptions, redact);
    if ("kind" in args) return args;
    const { projectName, connectionName, ignoreMissing } = args;
    // One deadline for the whole call (every attempt, backoff and body read), created per call.
    const controller = new AbortController();
    const follow = followSignal(args.signal, controller, redact);
    if (follow.kind === "invalid") return invalid(follow.message);
    if (follow.kind === "aborted") return abortedFailure("aborted by the caller's signal before the request was sent");
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new DOMException(`no complete answer within ${timeoutMs} ms`, "TimeoutError"));
    }, timeoutMs);
    const stopped = (): TimeoutFailure | NetworkFailure =>
      timedOut ? timeoutFailure(timeoutMs, retries) : abortedFailure(`aborted by the caller's signal (${MAYBE})`);
    const path = { projectName, connectionName };
    const started = retries > 0 ? Date.now() : 0;
    let earlier: string | undefined;
    let resent = false;
    try {
      for (let attemptNo = 0; ; ) {
        const outcome = await attempt(path, controller.signal);
        // A complete answer counts even if the deadline passed just after it arrived.
        if (outcome.kind === "error" && controller.signal.aborted) return stopped();
        if (outcome.kind === "error" && outcome.status === undefined && !resent && closedBeforeAnswer(outcome.error)) {
          // The connection closed before any answer (a server closing an idle kept-alive
          // connection as the request went out): sent again at once, once, on another connection.
          // DELETE is idempotent (RFC 9110 §9.2.2); a "not found" after it says it may have deleted.
          resent = true;
          earlier ??= CLOSED_EARLY;
          continue;
        }
        const retryable = outcome.kind === "error" || RETRY_STATUSES.has(outcome.status);
        if (retryable && attemptNo < retries) {
          const backoff = BACKOFF_BASE_MS * 2 ** attemptNo * (0.5 + Math.random() * 0.5);
          const hinted = outcome.kind === "answer" ? retryAfterMs(outcome.headers.get("retry-after")) : undefined;
          const delay = Math.max(backoff, hinted ?? 0);
          if (Date.now() - started + delay < timeoutMs) {
            earlier ??= outcome.kind === "error" ? "a network error" : `HTTP ${outcome.status}`;
            attemptNo++;
            try {
              await sleep(delay, controller.signal);
            } catch {
              return stopped();
            }
            continue;
          }
        }
        if (outcome.kind === "error") return networkFailure(outcome, earlier, redact);
        return mapAnswer({
          status: outcome.status,
          text: outcome.text,
          truncated: outcome.truncated,
          location: outcome.status >= 300 && outcome.status < 400 ? outcome.headers.get("location") : null,
          ignoreMissing: ignoreMissing === true,
          redact,
          names: [projectName, connectionName],
          earlier,
        });
      }
    } finally {
      clearTimeout(timer);
      follow.unlink();
    }
  }

  // Not expected: every step of `run` already turns its failures into results. The request may
  // have been sent by then.
  const unexpectedFailure = (error: unknown): DeleteConnectionResult => ({
    ok: false,
    kind: "network",
    mayHaveDeleted: true,
    message: redact(`${describeError(error)} (${MAYBE})`),
  });
  const deleteConnection = (params: unknown, callOptions?: unknown): Promise<DeleteConnectionResult> =>
    run(params, callOptions).catch(unexpectedFailure);

  const summary = { baseUrl, timeoutMs, retries, token: REDACTED };
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
