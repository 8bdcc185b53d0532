// Turns an HTTP answer into a `DeleteConnectionResult`, in either envelope. Classifies on what
// the server sent; hands out only redacted text (raw body, message, data, error).

import {
  type Envelope,
  envelopeOf,
  errorMessageOf,
  isJsonObject,
  isStatusEnvelopeFailure,
  isStatusEnvelopeSuccess,
  isSuccessEnvelopeDeleted,
  isSuccessEnvelopeError,
  saysOf,
  workersOf,
} from "../rules/envelope.js";
import { MAX_BODY_BYTES } from "../rules/limits.js";
import { type Redactor, redactDeep } from "../rules/secrets.js";
import { meaningOf } from "../rules/wording.js";
import type {
  ConnectionDeleted,
  DeleteConnectionResult,
  DocumentedError,
  HttpErrorFailure,
  UnexpectedResponseFailure,
} from "./results.js";

export interface AnswerInput {
  readonly status: number;
  readonly text: string;
  /** The body was longer than MAX_BODY_BYTES and `text` is only its start. */
  readonly truncated: boolean;
  readonly location: string | null;
  readonly ignoreMissing: boolean;
  readonly redact: Redactor;
  /** The names the request carried (rules/wording blanks them before classifying). */
  readonly names: readonly string[];
  /** What an earlier attempt of the same call got ("HTTP 502", "a network error"), if it was retried. */
  readonly earlier: string | undefined;
}

/** A parsed body as the server sent it (for classifying) and with the token redacted (for handing out). */
export interface ParsedBody {
  readonly original: unknown;
  readonly redacted: unknown;
}

/** JSON escapes or encodings that could hide the token from a search of the raw text. */
// Stryker disable next-line Regex: decides only when the fast path below is taken; the slow path gives equal values
const MAY_HIDE = /[\\%&]/;

/** `text` parsed as JSON (`undefined` when it is not JSON, an empty text included), and its copy with the secrets redacted. */
export function parse(text: string, body: string, redact: Redactor): ParsedBody | undefined {
  let original: unknown;
  try {
    original = JSON.parse(text);
  } catch {
    return undefined;
  }
  // Fast path: nothing was redacted from the raw text and nothing in it is escaped. (Its mutants
  // `false` and `MAY_HIDE.test` unnegated survive: the slow path gives equal values, and a text the
  // redactor found nothing in holds nothing redactDeep would find.)
  if (body === text && !MAY_HIDE.test(text)) return { original, redacted: original };
  return { original, redacted: redactDeep(original, redact) };
}

/** The documented error body in `parsed`, if it is one (in either envelope), with the server's message. */
export function documentedError(
  parsed: ParsedBody | undefined,
): (DocumentedError & { said: string; message: string }) | undefined {
  const { original, redacted } = parsed ?? {};
  if (isSuccessEnvelopeError(original) && isSuccessEnvelopeError(redacted) && envelopeOf(original) === "success") {
    return {
      envelope: "success",
      error: redacted,
      said: original.error_description,
      message: redacted.error_description,
    };
  }
  if (isStatusEnvelopeFailure(original) && isStatusEnvelopeFailure(redacted) && envelopeOf(original) === "status") {
    return { envelope: "status", error: redacted, said: original.resultMessage, message: redacted.resultMessage };
  }
  return undefined;
}

/** A 200 body that says the connection was deleted, as a result; `undefined` when it does not say so. */
function deleted(parsed: ParsedBody | undefined): ConnectionDeleted | undefined {
  const { original, redacted } = parsed ?? {};
  if (!isJsonObject(original) || saysOf(original) !== "done") return undefined;
  const workers = workersOf(original);
  // A body that says done in the success envelope's shape is in that envelope (envelopeOf: the
  // seed's shape first); any other is in the status envelope.
  // `redacted` is `original` itself when nothing needed redacting: its shape is checked once.
  // (`redacted !== original` to `true` survives: it only checks the same object twice.)
  if (isSuccessEnvelopeDeleted(original)) {
    if (redacted !== original && !isSuccessEnvelopeDeleted(redacted)) return undefined;
    return { ok: true, status: 200, deleted: true, envelope: "success", workers, data: redacted as typeof original };
  }
  if (isStatusEnvelopeSuccess(original)) {
    if (redacted !== original && !isStatusEnvelopeSuccess(redacted)) return undefined;
    return { ok: true, status: 200, deleted: true, envelope: "status", workers, data: redacted as typeof original };
  }
  return undefined;
}

/** Why a body is not the documented answer, in words (values shown are redacted and short). */
export function describeBody(text: string, parsed: ParsedBody | undefined): string {
  if (text.length === 0) return "an empty body";
  if (parsed === undefined) {
    return /^\s*</.test(text) ? "a body that is not JSON (it looks like HTML or XML)" : "a body that is not JSON";
  }
  const envelope = envelopeOf(parsed.original);
  if (envelope === "mixed") {
    return 'a body whose two discriminators contradict each other (a boolean "success" and a "status" that disagree)';
  }
  if (envelope === undefined) return "JSON in neither envelope";
  const body = parsed.redacted as Record<string, unknown>;
  if (envelope === "success") {
    return body["success"] === false ? '"success": false' : "a success-envelope body not in the documented shape";
  }
  const status = body["status"];
  if (status === "FAILURE") {
    const said = body["resultMessage"];
    return `"status": "FAILURE"${typeof said === "string" ? ` (${said})` : " without a resultMessage"}`;
  }
  if (status === "SUCCESS") {
    return isStatusEnvelopeSuccess(parsed.original)
      ? '"status": "SUCCESS"'
      : '"status": "SUCCESS" with a deploymentResult or resultMessage not in the documented shape';
  }
  if (status === undefined) return 'a status-envelope body without a "status"';
  return `a status-envelope body whose "status" is ${JSON.stringify(status).slice(0, 40)}, neither SUCCESS nor FAILURE`;
}

function unexpected(status: number, body: string, message: string, envelope?: Envelope): UnexpectedResponseFailure {
  const result = { ok: false, kind: "unexpected-response", status, message, body } as const;
  return envelope === undefined ? result : { ...result, envelope };
}

const singleEnvelope = (parsed: ParsedBody | undefined): Envelope | undefined => {
  const envelope = envelopeOf(parsed?.original);
  return envelope === "mixed" ? undefined : envelope;
};

/**
 * A 400 with a documented error body, or a 200 whose envelope says the request was not carried
 * out and that carries one: classified by the one wording rule.
 */
function badRequest(
  input: AnswerInput,
  body: string,
  doc: NonNullable<ReturnType<typeof documentedError>>,
  status: 400 | 200 = 400,
) {
  const { said, message: server, ...tagged } = doc;
  const message = status === 200 ? `${REFUSED_IN_200[tagged.envelope]}: ${server}` : server;
  const base = { ok: false, status, body, ...tagged } as const;
  const meaning = meaningOf(said, input.names);
  if (meaning === "project-not-found") return { ...base, kind: "project-not-found", message } as const;
  if (meaning === "permission-denied") return { ...base, kind: "permission-denied", message } as const;
  if (meaning === "other") return { ...base, kind: "bad-request", message } as const;
  const note =
    input.earlier === undefined
      ? {}
      : {
          message: `${message} (an earlier attempt of this call got ${input.earlier}; it may have deleted the connection)`,
          earlierAttemptMayHaveDeleted: true as const,
        };
  if (input.ignoreMissing) {
    // Both branches alike: they let TypeScript pair each envelope with its own body type.
    const data =
      // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral: both branches are alike
      tagged.envelope === "success"
        ? { envelope: tagged.envelope, data: tagged.error }
        : { envelope: tagged.envelope, data: tagged.error };
    return { ok: true, status, deleted: false, message, ...data, ...note } as const;
  }
  return { ...base, kind: "connection-not-found", message, ...note } as const;
}

/** How a 200 that says "not done" is described, per envelope. */
const REFUSED_IN_200: Record<Envelope, string> = {
  success: 'HTTP 200 with "success": false: the server did not carry out the delete',
  status: 'HTTP 200 with "status": "FAILURE": the server did not carry out the delete',
};

/**
 * A 200 whose envelope says the request was not carried out (`"success": false`, `"status":
 * "FAILURE"`): not a deletion. With the envelope's error message it is classified as a 400 would
 * be (rules/wording); without one it is `bad-request`. `undefined` for any other 200.
 */
function refusedIn200(
  input: AnswerInput,
  body: string,
  parsed: ParsedBody | undefined,
): DeleteConnectionResult | undefined {
  if (parsed === undefined || saysOf(parsed.original) !== "not-done") return undefined;
  // saysOf says "not-done" only of a body in one of the two envelopes.
  const envelope = envelopeOf(parsed.original) === "status" ? "status" : "success";
  const doc = documentedError(parsed);
  if (doc !== undefined) return badRequest(input, body, doc, 200);
  const said = errorMessageOf(parsed.redacted);
  const why = said === undefined ? "" : `: ${said}`;
  return {
    ok: false,
    kind: "bad-request",
    status: 200,
    envelope,
    body,
    message: `${REFUSED_IN_200[envelope]}${why} (the connection was not deleted)`,
  };
}

function httpError(status: number, body: string, input: AnswerInput, parsed: ParsedBody | undefined): HttpErrorFailure {
  const doc = documentedError(parsed);
  let message = `HTTP ${status}: not an answer this endpoint documents`;
  if (status >= 300 && status <= 399) {
    const to = input.location === null ? "" : ` to ${input.redact(input.location)}`;
    message = `HTTP ${status} redirect${to} not followed (a DELETE with a token is never replayed elsewhere); check the base URL`;
  } else if (status >= 500) {
    message = `HTTP ${status}: server error`;
  }
  const result = { ok: false, kind: "http-error", status, body } as const;
  if (doc === undefined) return { ...result, message };
  const { said: _said, message: server, ...tagged } = doc;
  const maybe = status >= 500 ? " (the connection may or may not have been deleted)" : "";
  return { ...result, ...tagged, message: `${message}: ${server}${maybe}` };
}

/**
 * The result for one complete answer: 200 → deleted, a refusal the envelope reports in a 200
 * (`"success": false`, `"status": "FAILURE"`: classified as a 400 would be, with status 200), or
 * unexpected-response; 400 → classified by
 * rules/wording (connection-not-found, project-not-found, permission-denied, bad-request) or
 * unexpected-response; 401 → unauthorized; 404 → project-not-found (success envelope only) or
 * unexpected-response; anything else → http-error. Never throws.
 */
export function mapAnswer(input: AnswerInput): DeleteConnectionResult {
  const { status, text, truncated, redact } = input;
  const body = truncated ? redact.truncated(text) : redact(text);
  const parsed = truncated ? undefined : parse(text, body, redact);

  if (status === 401) {
    const doc = documentedError(parsed);
    const result = { ok: false, kind: "unauthorized", status, body } as const;
    if (doc === undefined) return { ...result, message: "HTTP 401 Unauthorized: the token was refused" };
    const { said: _said, ...rest } = doc;
    return { ...result, ...rest };
  }
  if (status !== 200 && status !== 400 && status !== 404) return httpError(status, body, input, parsed);
  if (truncated) {
    return unexpected(
      status,
      body,
      `HTTP ${status} with a body larger than ${MAX_BODY_BYTES} bytes (not read in full)`,
    );
  }
  if (status === 200) {
    return (
      deleted(parsed) ??
      refusedIn200(input, body, parsed) ??
      unexpected(
        status,
        body,
        `HTTP 200 with ${describeBody(text, parsed)}; the deletion cannot be confirmed`,
        singleEnvelope(parsed),
      )
    );
  }
  const doc = documentedError(parsed);
  if (status === 404) {
    // Only the success envelope documents 404: the project does not exist (the seed page).
    if (doc?.envelope === "success") {
      const { said: _said, ...rest } = doc;
      return { ok: false, kind: "project-not-found", status, body, ...rest };
    }
    const why = doc === undefined ? describeBody(text, parsed) : "the status envelope, which answers 400, never 404";
    return unexpected(status, body, `HTTP 404 with ${why}`, singleEnvelope(parsed));
  }
  if (doc === undefined) {
    return unexpected(status, body, `HTTP 400 with ${describeBody(text, parsed)}`, singleEnvelope(parsed));
  }
  return badRequest(input, body, doc);
}
