// Get, List and Create Connection: each sent through openapi-fetch (the typed GET/POST of the
// generated `paths`) under the client's rules, as deleteConnection is: names checked before
// anything is sent, one deadline per call (attempts, backoff and body read), a bounded body read
// (List's bound sized for a project's connections), redirects never followed, retries only for
// the idempotent GETs, and only token-redacted text handed out.

import { isJsonObject } from "../rules/envelope.js";
import { MAX_BODY_BYTES, MAX_LIST_BYTES } from "../rules/limits.js";
import { connectionTypeProblem, nameProblem } from "../rules/names.js";
import { closedBeforeAnswer } from "../rules/network.js";
import { CONNECTION_PATH_TEMPLATE, CONNECTIONS_PATH_TEMPLATE } from "../rules/route.js";
import type { Redactor } from "../rules/secrets.js";
import { exchange, type Issue } from "./exchange.js";
import { RETRY_STATUSES, retryDelayMs, sleep } from "./http.js";
import type { FetchFunction } from "./options.js";
import type { ConnectionsRawClient } from "./raw.js";
import { mapCreateAnswer, mapGetAnswer, mapListAnswer, type ReadAnswerInput, type ReadOperation } from "./reading.js";
import type {
  Connection,
  CreateConnectionResult,
  GetConnectionResult,
  InvalidArgumentFailure,
  ListConnectionsResult,
  NetworkFailure,
  TimeoutFailure,
} from "./results.js";
import { followSignal } from "./signal.js";

/** The path parameters of Get and Create Connection (each checked by the name rule, as Delete's). */
export interface ConnectionParams {
  readonly projectName: string;
  readonly connectionName: string;
}

/** List Connections' parameters: the project, and the connection type to list (`email`, `kafka`, ...). */
export interface ListConnectionsParams {
  readonly projectName: string;
  /** Servers list one type at a time (the `type` query parameter is required). */
  readonly type: string;
}

/** Per-call options of getConnection, listConnections and createConnection. */
export interface CallOptions {
  /** Aborts the call; it then resolves to `{ ok: false, kind: "network", aborted: true }`. */
  readonly signal?: AbortSignal | undefined;
}

/** What the client shares with these operations. */
export interface OperationsContext {
  /** openapi-fetch typed by the generated `paths`, without raw's guard (names are checked here). */
  readonly api: ConnectionsRawClient;
  readonly userFetch: FetchFunction | undefined;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly redact: Redactor;
  /** One line about a thrown error and its causes (the client's describeError). */
  readonly describe: (error: unknown) => string;
}

/** One call: the deadline, the caller's signal, retries of an idempotent request, then `map`. */
async function call<R>(
  ctx: OperationsContext,
  operation: ReadOperation,
  options: unknown,
  issue: Issue,
  map: (input: ReadAnswerInput) => R,
  names: readonly string[],
): Promise<R | NetworkFailure | TimeoutFailure | InvalidArgumentFailure> {
  const { timeoutMs, redact } = ctx;
  const after = operation === "create" ? " (the connection may or may not have been created)" : "";
  if (options !== undefined && (typeof options !== "object" || options === null)) {
    return invalid("options must be an object { signal? } or undefined");
  }
  let signalOption: unknown;
  try {
    signalOption = (options as { signal?: unknown } | undefined)?.signal;
  } catch (error) {
    return invalid(`could not read the options: ${redact(ctx.describe(error))}`);
  }
  const controller = new AbortController();
  const follow = followSignal(signalOption, controller, redact);
  if (follow.kind === "invalid") return invalid(follow.message);
  if (follow.kind === "aborted") return aborted("aborted by the caller's signal before the request was sent");
  // Only the GETs are retried: a POST sent twice could create twice (or update after a create).
  const retries = operation === "create" ? 0 : ctx.retries;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(`no complete answer within ${timeoutMs} ms`, "TimeoutError"));
  }, timeoutMs);
  const stopped = (): TimeoutFailure | NetworkFailure =>
    timedOut
      ? {
          ok: false,
          kind: "timeout",
          message: `no complete answer within ${timeoutMs} ms${retries > 0 ? " (retries included)" : ""}${after}`,
        }
      : aborted(`aborted by the caller's signal${after}`);
  const limit = operation === "list" ? MAX_LIST_BYTES : MAX_BODY_BYTES;
  const started = Date.now();
  let earlier: string | undefined;
  let resent = false;
  try {
    for (let attemptNo = 0; ; ) {
      const outcome = await exchange(ctx.userFetch, issue, limit, controller.signal);
      if (outcome.kind === "error" && controller.signal.aborted) return stopped();
      // A GET whose connection closed before any answer (a kept-alive connection the server
      // closed as the request went out) is sent again at once, once, as deleteConnection does.
      const closed = outcome.kind === "error" && outcome.status === undefined && closedBeforeAnswer(outcome.error);
      if (closed && !resent && operation !== "create") {
        resent = true;
        continue;
      }
      const retryable = outcome.kind === "error" || RETRY_STATUSES.has(outcome.status);
      if (retryable && attemptNo < retries) {
        const delay = retryDelayMs(attemptNo, outcome.kind === "answer" ? outcome.headers.get("retry-after") : null);
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
      if (outcome.kind === "error") {
        return { ok: false, kind: "network", message: redact(`${ctx.describe(outcome.error)}${after}`) };
      }
      return map({
        operation,
        status: outcome.status,
        text: outcome.text,
        truncated: outcome.truncated,
        limit,
        location: outcome.status >= 300 && outcome.status < 400 ? outcome.headers.get("location") : null,
        redact,
        names,
        earlier,
      });
    }
  } finally {
    clearTimeout(timer);
    follow.unlink();
  }
}

const invalid = (message: string): InvalidArgumentFailure => ({ ok: false, kind: "invalid-argument", message });
const aborted = (message: string): NetworkFailure => ({ ok: false, kind: "network", aborted: true, message });

/** The two names of a connection call, checked by the name rule; a failure names the parameter. */
function connectionNames(params: unknown): ConnectionParams | InvalidArgumentFailure {
  if (typeof params !== "object" || params === null)
    return invalid("params must be an object { projectName, connectionName }");
  const { projectName, connectionName } = params as Record<string, unknown>;
  const projectProblem = nameProblem(projectName);
  if (projectProblem !== undefined) return invalid(`projectName ${projectProblem}`);
  const connectionProblem = nameProblem(connectionName);
  if (connectionProblem !== undefined) return invalid(`connectionName ${connectionProblem}`);
  return { projectName: projectName as string, connectionName: connectionName as string };
}

/**
 * Why `definition` cannot be sent as Create Connection's body for `connectionName`, or undefined:
 * a JSON object with a connection type and a `name` equal to the path's (letter case aside, as
 * the server compares them), at most MAX_BODY_BYTES as JSON. Never repeats a value.
 */
function definitionProblem(definition: unknown, connectionName: string): string | undefined {
  if (!isJsonObject(definition)) return "definition must be an object (a connection's definition)";
  const typeProblem = connectionTypeProblem(definition["type"]);
  if (typeProblem !== undefined) return `definition.type ${typeProblem}`;
  const name = definition["name"];
  if (typeof name !== "string" || name.toLowerCase() !== connectionName.toLowerCase()) {
    return "definition.name must equal connectionName (letter case aside)";
  }
  let json: string;
  try {
    json = JSON.stringify(definition);
  } catch {
    return "definition must be JSON (no cycles, no BigInt)";
  }
  if (Buffer.byteLength(json) > MAX_BODY_BYTES) return `definition is larger than ${MAX_BODY_BYTES} bytes as JSON`;
  return undefined;
}

/** The three operations, bound to one client's context. Each never rejects. */
export function createOperations(ctx: OperationsContext) {
  const guard = async <R>(run: () => Promise<R>): Promise<R | NetworkFailure> => {
    try {
      return await run();
    } catch (error) {
      // Not expected: every step already turns its failures into results.
      return { ok: false, kind: "network", message: ctx.redact(ctx.describe(error)) };
    }
  };

  function getConnection(params: ConnectionParams, options?: CallOptions): Promise<GetConnectionResult> {
    return guard(async () => {
      const names = connectionNames(params);
      if ("kind" in names) return names;
      const path = { projectName: names.projectName, connectionName: names.connectionName };
      return call(
        ctx,
        "get",
        options,
        (fetch, signal) =>
          ctx.api.GET(CONNECTION_PATH_TEMPLATE, { params: { path }, parseAs: "stream", signal, fetch }),
        mapGetAnswer,
        [path.projectName, path.connectionName],
      );
    });
  }

  function listConnections(params: ListConnectionsParams, options?: CallOptions): Promise<ListConnectionsResult> {
    return guard(async () => {
      if (typeof params !== "object" || params === null)
        return invalid("params must be an object { projectName, type }");
      const { projectName, type } = params as unknown as Record<string, unknown>;
      const projectProblem = nameProblem(projectName);
      if (projectProblem !== undefined) return invalid(`projectName ${projectProblem}`);
      const typeProblem = connectionTypeProblem(type);
      if (typeProblem !== undefined) return invalid(`type ${typeProblem}`);
      const path = { projectName: projectName as string };
      const query = { type: type as string };
      return call(
        ctx,
        "list",
        options,
        (fetch, signal) =>
          ctx.api.GET(CONNECTIONS_PATH_TEMPLATE, { params: { path, query }, parseAs: "stream", signal, fetch }),
        mapListAnswer,
        [path.projectName],
      );
    });
  }

  function createConnection(
    params: ConnectionParams,
    definition: Connection,
    options?: CallOptions,
  ): Promise<CreateConnectionResult> {
    return guard(async () => {
      const names = connectionNames(params);
      if ("kind" in names) return names;
      const problem = definitionProblem(definition, names.connectionName);
      if (problem !== undefined) return invalid(problem);
      const path = { projectName: names.projectName, connectionName: names.connectionName };
      return call(
        ctx,
        "create",
        options,
        (fetch, signal) =>
          ctx.api.POST(CONNECTION_PATH_TEMPLATE, {
            params: { path },
            body: definition,
            parseAs: "stream",
            signal,
            fetch,
          }),
        mapCreateAnswer,
        [path.projectName, path.connectionName],
      );
    });
  }

  return { getConnection, listConnections, createConnection };
}
