// The client: `createConnectionsClient` checks its options once; `deleteConnection` sends one
// DELETE through openapi-fetch (the typed `DELETE` of the generated `paths`; retried on
// 502/503/504 and network errors) and turns whatever happens into a result.
import { MAX_BODY_BYTES } from "../rules/limits.js";
import { nameProblem } from "../rules/names.js";
import { closedBeforeAnswer, describeError, notSent, unreadableAnswer } from "../rules/network.js";
import { CONNECTION_PATH_TEMPLATE } from "../rules/route.js";
import { REDACTED, type Redactor, redactor } from "../rules/secrets.js";
import { type CallContext, type CallOperation, call } from "./call.js";
import { type AttemptError, sender } from "./exchange.js";
import { mapAnswer } from "./mapping.js";
import { type CallOptions, type ConnectionParams, createOperations, type ListConnectionsParams } from "./operations.js";
import { type CheckedOptions, type ConnectionsClientOptions, checkOptions } from "./options.js";
import { type ConnectionsRawClient, createRawClient, createSendingClient } from "./raw.js";
import {
  type Connection,
  type CreateConnectionResult,
  type DeleteConnectionResult,
  type GetConnectionResult,
  invalidArgument,
  type ListConnectionsResult,
  type NetworkFailure,
  type NotBackedUpFailure,
} from "./results.js";

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
  /**
   * Read before delete: the connection is read first (Get Connection, secrets in full) and its
   * definition handed to this function; the DELETE is sent only after it resolves. When the read
   * fails (a missing connection included, even with `ignoreMissing`) or this function throws or
   * rejects, nothing is deleted and the call resolves to `{ ok: false, kind: "not-backed-up" }`.
   * Writing the definition somewhere is the caller's job; keep it as secret as a password.
   * The read and the delete each have the client's time limit.
   */
  readonly backup?: BackupHandler | undefined;
}

/** Receives a connection's definition before it is deleted (`DeleteConnectionOptions.backup`). */
export type BackupHandler = (definition: Connection, params: DeleteConnectionParams) => void | Promise<void>;

/**
 * What `createConnectionsClient` returns: a client for one Apinizer management console (one base
 * URL and token). Safe to share between concurrent calls.
 */
export interface ConnectionsClient {
  /**
   * Deletes one connection. Never rejects: every outcome is a `DeleteConnectionResult`; with
   * `backup`, also `NotBackedUpFailure` (nothing was deleted).
   */
  deleteConnection(
    params: DeleteConnectionParams,
    options?: DeleteConnectionOptions & { readonly backup?: undefined },
  ): Promise<DeleteConnectionResult>;
  deleteConnection(
    params: DeleteConnectionParams,
    options: DeleteConnectionOptions & { readonly backup: BackupHandler },
  ): Promise<DeleteConnectionResult | NotBackedUpFailure>;
  /**
   * Reads one connection's whole definition (Get Connection; secret fields in full). Never
   * rejects. A missing connection is `connection-not-found`, whether the server said 404 or 400.
   * Retried as Delete is (`retries`): a GET is idempotent.
   */
  getConnection(params: ConnectionParams, options?: CallOptions): Promise<GetConnectionResult>;
  /**
   * Lists a project's connections of one type (List Connections; secret fields `null`). Never
   * rejects. Its answer is read up to MAX_LIST_BYTES (256 MiB), not Delete's 1 MiB.
   */
  listConnections(params: ListConnectionsParams, options?: CallOptions): Promise<ListConnectionsResult>;
  /**
   * Creates a connection from its definition (Create Connection), whose `name` must equal
   * `connectionName` (letter case aside) and whose `type` is its connection type. Never rejects;
   * never retried (a POST sent twice could update what the first created). An existing name is
   * `connection-exists` on servers that refuse it; servers that upsert update it and answer 200:
   * read it first (getConnection) to avoid overwriting.
   */
  createConnection(
    params: ConnectionParams,
    definition: Connection,
    options?: CallOptions,
  ): Promise<CreateConnectionResult>;
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

/** What an attempt whose connection closed before any answer got (said with a later "not found"). */
const CLOSED_EARLY = "a connection closed before the answer";
const MAYBE = "the connection may or may not have been deleted";

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

/** Delete's arguments, checked: what its request carries and how its answer is read. */
interface DeleteRequest {
  readonly path: DeleteConnectionParams;
  readonly ignoreMissing: boolean;
}

/** Delete Connection for `call` (call.ts): openapi-fetch's typed DELETE, its answer read by mapAnswer. */
function deleteOperation(
  api: ConnectionsRawClient,
  redact: Redactor,
): CallOperation<DeleteRequest, DeleteConnectionResult> {
  return {
    issue: ({ path }, signal) => api.DELETE(CONNECTION_PATH_TEMPLATE, { params: { path }, parseAs: "stream", signal }),
    limit: MAX_BODY_BYTES,
    idempotent: true,
    resendNote: CLOSED_EARLY,
    after: ` (${MAYBE})`,
    answer: ({ status, text, truncated, location }, earlier, { path, ignoreMissing }) =>
      mapAnswer({
        status,
        text,
        truncated,
        location,
        ignoreMissing,
        redact,
        names: [path.projectName, path.connectionName],
        earlier,
      }),
    failed: (outcome, earlier) => networkFailure(outcome, earlier, redact),
    // The request may have been sent by then.
    unexpected: (error) => ({
      ok: false,
      kind: "network",
      mayHaveDeleted: true,
      message: redact(`${describeError(error)} (${MAYBE})`),
    }),
  };
}

/** A call's options when it has none (read as `{}`, without making one per call). */
const NO_OPTIONS = {};

/** The arguments of one call, read once (a getter that throws cannot throw into the call). */
function readArguments(params: unknown, options: unknown, redact: Redactor) {
  try {
    if (typeof params !== "object" || params === null) {
      return invalidArgument("params must be an object { projectName, connectionName }");
    }
    if (options !== undefined && (typeof options !== "object" || options === null)) {
      return invalidArgument("options must be an object { ignoreMissing?, signal? } or undefined");
    }
    const { projectName, connectionName } = params as Record<string, unknown>;
    const { ignoreMissing, signal } = (options ?? NO_OPTIONS) as Record<string, unknown>;
    const projectProblem = nameProblem(projectName);
    if (projectProblem !== undefined) return invalidArgument(`projectName ${projectProblem}`);
    const connectionProblem = nameProblem(connectionName);
    if (connectionProblem !== undefined) return invalidArgument(`connectionName ${connectionProblem}`);
    if (ignoreMissing !== undefined && typeof ignoreMissing !== "boolean") {
      return invalidArgument("ignoreMissing must be a boolean");
    }
    const path = { projectName: projectName as string, connectionName: connectionName as string };
    return { path, ignoreMissing: ignoreMissing === true, signal };
  } catch (error) {
    return invalidArgument(`could not read the arguments: ${redact(describeError(error))}`);
  }
}

/**
 * Creates a client. Throws a TypeError for an unusable option (the message never contains the
 * token or the base URL's text); after that, nothing the client does throws or rejects.
 */
export function createConnectionsClient(options: ConnectionsClientOptions): ConnectionsClient {
  const checked: CheckedOptions = checkOptions(options);
  const { baseUrl, timeoutMs, timeoutUnit, retries, fetch: userFetch } = checked;
  const headers = { ...checked.headers, Authorization: `Bearer ${checked.token}` };
  const redact = redactor([checked.token]);
  const raw = createRawClient(baseUrl, headers, userFetch);
  // raw's openapi-fetch client without its guard (every method checks the names itself).
  const api = createSendingClient(baseUrl, headers, sender(userFetch));
  const ctx: CallContext = { customFetch: userFetch !== undefined, timeoutMs, timeoutUnit, retries, redact };
  const operations = createOperations(ctx, api);
  const deleting = deleteOperation(api, redact);

  /** Delete without a backup: the arguments checked, then the call (call.ts). */
  function run(params: unknown, callOptions: unknown): Promise<DeleteConnectionResult> {
    const args = readArguments(params, callOptions, redact);
    return "kind" in args ? Promise.resolve(args) : call(ctx, deleting, args, args.signal);
  }

  /** `backup`: Get Connection, then the caller's handler, then the delete; nothing is deleted unless both succeed. */
  async function backUpThenDelete(
    params: DeleteConnectionParams,
    callOptions: DeleteConnectionOptions & { backup: BackupHandler },
  ): Promise<DeleteConnectionResult | NotBackedUpFailure> {
    const { backup, ...deleteOptions } = callOptions;
    const read = await operations.getConnection(params, { signal: callOptions.signal });
    if (!read.ok) {
      if (read.kind === "invalid-argument") return read;
      const message = `the connection could not be read for its backup, so nothing was deleted: ${read.message}`;
      return { ok: false, kind: "not-backed-up", stage: "read", message, read };
    }
    try {
      await backup(read.connection, { projectName: params.projectName, connectionName: params.connectionName });
    } catch (error) {
      const message = `the backup could not be written, so nothing was deleted: ${redact(describeError(error))}`;
      return { ok: false, kind: "not-backed-up", stage: "write", message };
    }
    return run(params, deleteOptions);
  }

  // Not async: the usual call returns `call`'s promise itself (one promise less per call). Every
  // step turns its failures into results; a throw here is not expected either.
  function deleteConnection(
    params: unknown,
    callOptions?: unknown,
  ): Promise<DeleteConnectionResult | NotBackedUpFailure> {
    try {
      const backup = (callOptions as { backup?: unknown } | undefined)?.backup;
      if (backup === undefined) return run(params, callOptions);
      if (typeof backup !== "function") {
        return Promise.resolve(invalidArgument("backup must be a function (definition) => void | Promise<void>"));
      }
      const args = readArguments(params, callOptions, redact);
      if ("kind" in args) return Promise.resolve(args);
      const withBackup = callOptions as DeleteConnectionOptions & { backup: BackupHandler };
      return backUpThenDelete(args.path, withBackup).catch(deleting.unexpected);
    } catch (error) {
      return Promise.resolve(deleting.unexpected(error));
    }
  }

  const summary = { baseUrl, timeoutMs, retries, token: REDACTED };
  const client: ConnectionsClient & { toJSON(): unknown } = {
    deleteConnection: deleteConnection as ConnectionsClient["deleteConnection"],
    getConnection: operations.getConnection,
    listConnections: operations.listConnections,
    createConnection: operations.createConnection,
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
