// Turns an answer to Get, List or Create Connection into its result, in either envelope. The error
// statuses read as Delete's do (mapping.ts: the same documented error bodies, the same wording
// rule), with two differences the pages call for: a missing connection may come as 404 as well as
// 400 (Get), and Create's "already exists" is its own kind. Hands out only token-redacted text.
import { connectionsOf, type Envelope, envelopeOf, isJsonObject, savedOf } from "../rules/envelope.js";
import type { Redactor } from "../rules/secrets.js";
import { meaningOf, saysAlreadyExists } from "../rules/wording.js";
import { describeBody, documentedError, type ParsedBody, parse } from "./mapping.js";
import type {
  ConnectionCallFailure,
  ConnectionExistsFailure,
  ConnectionFound,
  ConnectionsListed,
  CreateConnectionResult,
  GetConnectionResult,
  ListConnectionsResult,
  UnexpectedResponseFailure,
} from "./results.js";

/** The operations this module reads answers of. */
export type ReadOperation = "get" | "list" | "create";

export interface ReadAnswerInput {
  readonly operation: ReadOperation;
  readonly status: number;
  readonly text: string;
  /** The body was longer than `limit` and `text` is only its start. */
  readonly truncated: boolean;
  /** The read bound this answer had, in bytes (for the message of a truncated body). */
  readonly limit: number;
  readonly location: string | null;
  readonly redact: Redactor;
  /** The names the request carried: project first, then the connection (Get, Create). */
  readonly names: readonly string[];
  /** What an earlier attempt of the same call got ("HTTP 502"), if it was retried. */
  readonly earlier: string | undefined;
}

const WHAT: Record<ReadOperation, string> = {
  get: "the connection could not be read",
  list: "the connections could not be listed",
  create: "the connection may or may not have been created",
};

function unexpected(status: number, body: string, message: string, parsed?: ParsedBody): UnexpectedResponseFailure {
  const envelope = envelopeOf(parsed?.original);
  const result = { ok: false, kind: "unexpected-response", status, message, body } as const;
  return envelope === "success" || envelope === "status" ? { ...result, envelope } : result;
}

/** A 4xx (or 5xx) with a documented error body, classified by the one wording rule. */
function documentedFailure(
  input: ReadAnswerInput,
  body: string,
  parsed: ParsedBody | undefined,
): ConnectionCallFailure | ConnectionExistsFailure | undefined {
  const doc = documentedError(parsed);
  if (doc === undefined) return undefined;
  const { said, message, ...tagged } = doc;
  const { status } = input;
  if (status === 401) return { ok: false, kind: "unauthorized", status, body, message, ...tagged };
  if (status !== 400 && status !== 404) return undefined;
  const meaning = meaningOf(said, input.names);
  if (meaning === "connection-not-found" && input.operation !== "list") {
    const note =
      input.earlier === undefined
        ? {}
        : {
            earlierAttemptMayHaveDeleted: true as const,
            message: `${message} (an earlier attempt got ${input.earlier})`,
          };
    return { ok: false, kind: "connection-not-found", status, body, message, ...tagged, ...note };
  }
  if (meaning === "project-not-found")
    return { ok: false, kind: "project-not-found", status, body, message, ...tagged };
  if (status === 404) return undefined;
  if (meaning === "permission-denied")
    return { ok: false, kind: "permission-denied", status, body, message, ...tagged };
  if (input.operation === "create" && saysAlreadyExists(said, input.names)) {
    return { ok: false, kind: "connection-exists", status, body, message, ...tagged };
  }
  return { ok: false, kind: "bad-request", status, body, message, ...tagged };
}

/** Any answer other than a 200: the failure it means. */
function failure(input: ReadAnswerInput, body: string, parsed: ParsedBody | undefined) {
  const { status, text, redact } = input;
  if (input.truncated) {
    return unexpected(status, body, `HTTP ${status} with a body larger than ${input.limit} bytes (not read in full)`);
  }
  const documented = documentedFailure(input, body, parsed);
  if (documented !== undefined) return documented;
  if (status === 401)
    return {
      ok: false,
      kind: "unauthorized",
      status,
      body,
      message: "HTTP 401 Unauthorized: the token was refused",
    } as const;
  if (status === 400 || status === 404) {
    return unexpected(status, body, `HTTP ${status} with ${describeBody(text, parsed)}`, parsed);
  }
  let message = `HTTP ${status}: not an answer this operation documents (${WHAT[input.operation]})`;
  if (status >= 300 && status < 400) {
    const to = input.location === null ? "" : ` to ${redact(input.location)}`;
    message = `HTTP ${status} redirect${to} not followed (a request with a token is never replayed elsewhere); check the base URL`;
  } else if (status >= 500) {
    const doc = documentedError(parsed);
    message = `HTTP ${status}: server error${doc === undefined ? "" : `: ${doc.message}`} (${WHAT[input.operation]})`;
  }
  return { ok: false, kind: "http-error", status, body, message } as const;
}

/** The envelope of a 200 whose shape was already checked. */
const envelopeOfOk = (parsed: ParsedBody): Envelope =>
  envelopeOf(parsed.original) === "status" ? "status" : "success";

/** The body and its parse, token-redacted. */
function read(input: ReadAnswerInput): { body: string; parsed: ParsedBody | undefined } {
  const body = input.truncated ? input.redact.truncated(input.text) : input.redact(input.text);
  return { body, parsed: input.truncated ? undefined : parse(input.text, body, input.redact) };
}

/**
 * Get Connection's answer. A 200 must hold exactly the connection asked for (its name equal to the
 * path's, letter case aside); the definition handed out is the token-redacted one.
 */
export function mapGetAnswer(input: ReadAnswerInput): GetConnectionResult {
  const { body, parsed } = read(input);
  if (input.status !== 200 || input.truncated) return failure(input, body, parsed) as GetConnectionResult;
  const connections = connectionsOf(parsed?.original) === undefined ? undefined : connectionsOf(parsed?.redacted);
  const wanted = (input.names[1] ?? "").toLowerCase();
  const matching = connections?.filter((c) => c.name.toLowerCase() === wanted) ?? [];
  const connection = matching[0];
  if (parsed === undefined || connection === undefined || matching.length !== 1) {
    const why =
      connections === undefined
        ? describeBody(input.text, parsed)
        : `a list of ${connections.length} connection(s), not exactly the one asked for`;
    return unexpected(200, body, `HTTP 200 with ${why}; the connection could not be read`, parsed);
  }
  return {
    ok: true,
    status: 200,
    connection,
    envelope: envelopeOfOk(parsed),
    data: parsed.redacted,
  } as ConnectionFound;
}

/** List Connections' answer: a 200 holds a list of connections (an empty one is fine). */
export function mapListAnswer(input: ReadAnswerInput): ListConnectionsResult {
  const { body, parsed } = read(input);
  if (input.status !== 200 || input.truncated) return failure(input, body, parsed) as ListConnectionsResult;
  const connections = connectionsOf(parsed?.redacted);
  if (parsed === undefined || connections === undefined || connectionsOf(parsed.original) === undefined) {
    return unexpected(
      200,
      body,
      `HTTP 200 with ${describeBody(input.text, parsed)}; the list could not be read`,
      parsed,
    );
  }
  return {
    ok: true,
    status: 200,
    connections,
    envelope: envelopeOfOk(parsed),
    data: parsed.redacted,
  } as ConnectionsListed;
}

/** Create Connection's answer: a 200 that says it was carried out, in either envelope. */
export function mapCreateAnswer(input: ReadAnswerInput): CreateConnectionResult {
  const { body, parsed } = read(input);
  if (input.status !== 200 || input.truncated) return failure(input, body, parsed) as CreateConnectionResult;
  const saved = savedOf(parsed?.original);
  if (parsed === undefined || saved === undefined || !isJsonObject(parsed.redacted)) {
    const why = describeBody(input.text, parsed);
    return unexpected(200, body, `HTTP 200 with ${why}; the connection may or may not have been created`, parsed);
  }
  const { deployment } = saved;
  const workers = deployment === undefined ? "not-deployed" : deployment.success ? "deployed" : "failed";
  return {
    ok: true,
    status: 200,
    workers,
    envelope: envelopeOfOk(parsed),
    data: parsed.redacted,
  } as CreateConnectionResult;
}
