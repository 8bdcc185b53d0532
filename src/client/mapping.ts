/** Turns an HTTP answer into a `DeleteConnectionResult`. Checks every body against the spec's shape. */

import { MAX_BODY_BYTES } from "../rules/limits.js";
import type {
  ConnectionErrorBody,
  DeleteConnectionResponse,
  DeleteConnectionResult,
  UnexpectedResponseFailure,
} from "./results.js";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `success: true` and a `deploymentResult` object with a boolean `success`; other fields allowed. */
export function isDeleteConnectionResponse(value: unknown): value is DeleteConnectionResponse {
  return (
    isRecord(value) &&
    typeof value["success"] === "boolean" &&
    isRecord(value["deploymentResult"]) &&
    typeof value["deploymentResult"]["success"] === "boolean"
  );
}

/** The shared error body: string `error` and string `error_description`; other fields allowed. */
export function isErrorBody(value: unknown): value is ConnectionErrorBody {
  return isRecord(value) && typeof value["error"] === "string" && typeof value["error_description"] === "string";
}

/**
 * Does a 400's `error_description` say that the *connection* was not found? Real servers word it
 * "Connection (name: X) was not found!". A description that only talks about a project (newer
 * servers answer a missing project with 400) is not a missing connection: treating it as one
 * would let `ignoreMissing` report success for a typo in the project name.
 */
export function saysConnectionNotFound(description: string): boolean {
  if (!/not\s*(?:be\s+)?found|does\s+not\s+exist|doesn't\s+exist/i.test(description)) return false;
  return /connection/i.test(description) || !/project/i.test(description);
}

function parseJson(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Applies `redact` to every string value (not the keys) of a parsed JSON value. */
function redactDeep(value: unknown, redact: (s: string) => string): unknown {
  if (typeof value === "string") return redact(value);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, redact));
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, redact);
    return out;
  }
  return value;
}

function unexpected(status: number, body: string, message: string): UnexpectedResponseFailure {
  return { ok: false, kind: "unexpected-response", status, message, body };
}

function describeBody(text: string, parsed: unknown): string {
  if (text.length === 0) return "an empty body";
  if (parsed === undefined) {
    return /^\s*</.test(text) ? "a body that is not JSON (it looks like HTML or XML)" : "a body that is not JSON";
  }
  if (isRecord(parsed) && "status" in parsed && "resultMessage" in parsed) {
    return 'JSON in another envelope ({"status", "resultMessage"}, not the documented one)';
  }
  return "JSON that is not in the documented shape";
}

export interface AnswerInput {
  readonly status: number;
  readonly text: string;
  readonly truncated: boolean;
  readonly location: string | null;
  readonly ignoreMissing: boolean;
  /** Removes the token from a string. */
  readonly redact: (s: string) => string;
}

export function mapAnswer(input: AnswerInput): DeleteConnectionResult {
  const { status, truncated, ignoreMissing, redact } = input;
  // Classify on what the server sent; redact only what is handed out (raw body, message, data).
  const body = redact(input.text);
  const original = truncated ? undefined : parseJson(input.text);
  // A token inside an escaped JSON string ("\u0054...") only shows after parsing.
  const mayHoldToken = body !== input.text || input.text.includes("\\");
  const parsed = original !== undefined && mayHoldToken ? redactDeep(original, redact) : original;

  if (status === 401) {
    if (isErrorBody(original) && isErrorBody(parsed)) {
      return { ok: false, kind: "unauthorized", status, message: parsed.error_description, body, error: parsed };
    }
    return { ok: false, kind: "unauthorized", status, message: "HTTP 401 Unauthorized: the token was refused", body };
  }
  if (status === 200 || status === 400 || status === 404) {
    if (truncated) {
      return unexpected(
        status,
        body,
        `HTTP ${status} with a body larger than ${MAX_BODY_BYTES} bytes (not read in full)`,
      );
    }
    if (status === 200) {
      if (isDeleteConnectionResponse(original) && isDeleteConnectionResponse(parsed)) {
        if (original.success !== true) {
          return unexpected(
            status,
            body,
            'HTTP 200 but the body says "success": false; the connection may not be deleted',
          );
        }
        return { ok: true, status, deleted: true, data: parsed };
      }
      return unexpected(
        status,
        body,
        `HTTP 200 with ${describeBody(input.text, original)}; the deletion cannot be confirmed`,
      );
    }
    if (!isErrorBody(original) || !isErrorBody(parsed)) {
      return unexpected(status, body, `HTTP ${status} with ${describeBody(input.text, original)}`);
    }
    const message = parsed.error_description;
    if (status === 404) return { ok: false, kind: "project-not-found", status, message, body, error: parsed };
    if (saysConnectionNotFound(original.error_description)) {
      if (ignoreMissing) return { ok: true, status, deleted: false, data: parsed, message };
      return { ok: false, kind: "connection-not-found", status, message, body, error: parsed };
    }
    return { ok: false, kind: "bad-request", status, message, body, error: parsed };
  }
  let message = `HTTP ${status}: not an answer this endpoint documents`;
  if (status >= 300 && status < 400) {
    message = `HTTP ${status} redirect${input.location === null ? "" : ` to ${redact(input.location)}`} not followed (a DELETE with a token is never replayed elsewhere); check the base URL`;
  } else if (status >= 500) {
    message = `HTTP ${status}: server error`;
  }
  return { ok: false, kind: "http-error", status, message, body };
}
