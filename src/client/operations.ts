// Get, List and Create Connection: their arguments checked (names before anything is sent), their
// requests (the typed GET/POST of the generated `paths`) and their answers' mappers (reading.ts),
// run by the one call loop (call.ts) as deleteConnection is: one deadline per call, a bounded body
// read (List's bound sized for a project's connections), redirects never followed, retries only
// for the idempotent GETs, and only token-redacted text handed out.

import { isJsonObject } from "../rules/envelope.js";
import { MAX_BODY_BYTES, MAX_LIST_BYTES } from "../rules/limits.js";
import { connectionTypeProblem, nameProblem } from "../rules/names.js";
import { describeError } from "../rules/network.js";
import { CONNECTION_PATH_TEMPLATE, CONNECTIONS_PATH_TEMPLATE } from "../rules/route.js";
import type { Redactor } from "../rules/secrets.js";
import { type CallContext, type CallOperation, call } from "./call.js";
import type { ConnectionsRawClient } from "./raw.js";
import { mapCreateAnswer, mapGetAnswer, mapListAnswer, type ReadAnswerInput, type ReadOperation } from "./reading.js";
import {
  type Connection,
  type CreateConnectionResult,
  type GetConnectionResult,
  type InvalidArgumentFailure,
  invalidArgument,
  type ListConnectionsResult,
  type NetworkFailure,
} from "./results.js";

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

/** The caller's `signal` option, read once (the loop checks it); invalid-argument if the options cannot be read. */
function signalOf(options: unknown, redact: Redactor): { signal: unknown } | InvalidArgumentFailure {
  if (options !== undefined && (typeof options !== "object" || options === null)) {
    return invalidArgument("options must be an object { signal? } or undefined");
  }
  try {
    return { signal: (options as { signal?: unknown } | undefined)?.signal };
  } catch (error) {
    return invalidArgument(`could not read the options: ${redact(describeError(error))}`);
  }
}

/** A failure nothing expected (something thrown; the request may have been sent), redacted. */
const unexpected = (error: unknown, redact: Redactor): NetworkFailure => ({
  ok: false,
  kind: "network",
  message: redact(describeError(error)),
});

/** What a request of Get, List or Create carries beside its parameters: the names its answer is read with. */
interface NamedRequest {
  /** Project first, then the connection (Get, Create). */
  readonly names: readonly string[];
}

/** One of Get, List and Create Connection for `call` (call.ts); `issue` sends it through openapi-fetch. */
function operationOf<Q extends NamedRequest, R>(
  redact: Redactor,
  operation: ReadOperation,
  issue: CallOperation<Q, R>["issue"],
  map: (input: ReadAnswerInput) => R,
): CallOperation<Q, R> {
  const limit = operation === "list" ? MAX_LIST_BYTES : MAX_BODY_BYTES;
  // Only the GETs are idempotent: a POST sent twice could create twice (or update after a create).
  const after = operation === "create" ? " (the connection may or may not have been created)" : "";
  return {
    issue,
    limit,
    idempotent: operation !== "create",
    resendNote: undefined,
    after,
    answer: ({ status, text, truncated, location }, earlier, { names }) =>
      map({ operation, status, text, truncated, limit, location, redact, names, earlier }),
    failed: (outcome) => ({ ok: false, kind: "network", message: redact(`${describeError(outcome.error)}${after}`) }),
    unexpected: (error) => unexpected(error, redact),
  };
}

/** The two names of a connection call, checked by the name rule; a failure names the parameter. */
function connectionNames(params: unknown): ConnectionParams | InvalidArgumentFailure {
  if (typeof params !== "object" || params === null)
    return invalidArgument("params must be an object { projectName, connectionName }");
  const { projectName, connectionName } = params as Record<string, unknown>;
  const projectProblem = nameProblem(projectName);
  if (projectProblem !== undefined) return invalidArgument(`projectName ${projectProblem}`);
  const connectionProblem = nameProblem(connectionName);
  if (connectionProblem !== undefined) return invalidArgument(`connectionName ${connectionProblem}`);
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

/** The three operations, bound to one client's context and openapi-fetch client (`api`, without raw's guard: the names are checked here). Each never rejects. */
export function createOperations(ctx: CallContext, api: ConnectionsRawClient) {
  const { redact } = ctx;
  const guard = async <R>(run: () => Promise<R> | R): Promise<R | NetworkFailure> => {
    try {
      return await run();
    } catch (error) {
      // Not expected: every step already turns its failures into results.
      return unexpected(error, redact);
    }
  };
  const getting = operationOf<NamedRequest & { path: ConnectionParams }, GetConnectionResult>(
    redact,
    "get",
    ({ path }, signal) => api.GET(CONNECTION_PATH_TEMPLATE, { params: { path }, parseAs: "stream", signal }),
    mapGetAnswer,
  );
  const listing = operationOf<NamedRequest & { path: { projectName: string }; type: string }, ListConnectionsResult>(
    redact,
    "list",
    ({ path, type }, signal) =>
      api.GET(CONNECTIONS_PATH_TEMPLATE, { params: { path, query: { type } }, parseAs: "stream", signal }),
    mapListAnswer,
  );
  const creating = operationOf<
    NamedRequest & { path: ConnectionParams; definition: Connection },
    CreateConnectionResult
  >(
    redact,
    "create",
    ({ path, definition }, signal) =>
      api.POST(CONNECTION_PATH_TEMPLATE, { params: { path }, body: definition, parseAs: "stream", signal }),
    mapCreateAnswer,
  );

  function getConnection(params: ConnectionParams, options?: CallOptions): Promise<GetConnectionResult> {
    return guard(() => {
      const path = connectionNames(params);
      if ("kind" in path) return path;
      const read = signalOf(options, redact);
      if ("kind" in read) return read;
      return call(ctx, getting, { path, names: [path.projectName, path.connectionName] }, read.signal);
    });
  }

  function listConnections(params: ListConnectionsParams, options?: CallOptions): Promise<ListConnectionsResult> {
    return guard(() => {
      if (typeof params !== "object" || params === null)
        return invalidArgument("params must be an object { projectName, type }");
      const { projectName, type } = params as unknown as Record<string, unknown>;
      const projectProblem = nameProblem(projectName);
      if (projectProblem !== undefined) return invalidArgument(`projectName ${projectProblem}`);
      const typeProblem = connectionTypeProblem(type);
      if (typeProblem !== undefined) return invalidArgument(`type ${typeProblem}`);
      const read = signalOf(options, redact);
      if ("kind" in read) return read;
      const path = { projectName: projectName as string };
      return call(ctx, listing, { path, type: type as string, names: [path.projectName] }, read.signal);
    });
  }

  function createConnection(
    params: ConnectionParams,
    definition: Connection,
    options?: CallOptions,
  ): Promise<CreateConnectionResult> {
    return guard(() => {
      const path = connectionNames(params);
      if ("kind" in path) return path;
      const problem = definitionProblem(definition, path.connectionName);
      if (problem !== undefined) return invalidArgument(problem);
      const read = signalOf(options, redact);
      if ("kind" in read) return read;
      const names = [path.projectName, path.connectionName];
      return call(ctx, creating, { path, definition, names }, read.signal);
    });
  }

  return { getConnection, listConnections, createConnection };
}
