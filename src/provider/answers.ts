// How the stand-in words a decision in the envelope it speaks (rules/envelope.ts). The bodies are
// typed from the generated spec; the statuses and messages follow Apinizer's pages:
//
//   success envelope (seed page, 2025-12)   200 {"success": true, "deploymentResult": {...}}
//                                            4xx {"error": "...", "error_description": "..."}
//                                            missing project 404 "Project 'X' not found"
//   status envelope (pages since 2026-08)   200 {"status": "SUCCESS", ...}
//                                            4xx/5xx {"status": "FAILURE", "resultMessage": "..."}
//                                            missing project 400 "Project (X) is not found!"
//
// The messages Apinizer documents are used as documented (clients and the contract classify
// them, rules/wording.ts); the stand-in's own refusals (limits, body checks) are its own words.
import type { components } from "../generated/openapi.js";
import type { Envelope } from "../rules/envelope.js";
import { MAX_BODY_BYTES } from "../rules/limits.js";
import { isSecretField } from "../rules/secret-fields.js";
import { type Preference, preferredReply, specReply } from "./prefer.js";
import type { Operation, Outcome, Principal, Reply, StoredConnection } from "./types.js";

type DeleteConnectionResponse = components["schemas"]["DeleteConnectionResponse"];
type ApiError = components["schemas"]["Error"];
type StatusEnvelopeSuccess = components["schemas"]["StatusEnvelopeSuccess"];
type StatusEnvelopeFailure = components["schemas"]["StatusEnvelopeFailure"];
type DeploymentResult = components["schemas"]["DeploymentResult"];

/** What a handler decided; the outcomes that need data carry it. */
export type Decision =
  | { readonly outcome: "deleted" | "created" | "updated"; readonly deployed: boolean }
  | { readonly outcome: "found"; readonly connection: StoredConnection }
  | { readonly outcome: "listed"; readonly connections: readonly StoredConnection[] }
  | { readonly outcome: "invalid-body"; readonly problem: string }
  | { readonly outcome: "limit-reached"; readonly limit: "connections" | "bytes" }
  | { readonly outcome: "preferred"; readonly preference: Preference }
  | {
      readonly outcome: Exclude<
        Outcome,
        "deleted" | "created" | "updated" | "found" | "listed" | "invalid-body" | "limit-reached" | "preferred"
      >;
    };

/** What the wording depends on besides the decision. */
export interface AnswerContext {
  envelope: Envelope;
  operation: Operation;
  principal: Principal;
  path: string;
  projectName?: string | undefined;
  connectionName?: string | undefined;
  limits: { maxConnections: number; maxStoredBytes: number };
  /** Write every field left unset as `null`, as a Java server does (ServeOptions.nulls). */
  nulls: boolean;
}

const JSON_TYPE = { "content-type": "application/json" };

/** A deployment result as real servers send it (more than `success`; the contract must tolerate that). */
const DEPLOYED: DeploymentResult = { success: true, responseTime: 3, detailList: [] };

/** HTTP status of each outcome, per envelope; a missing connection on Get is 404 in the success envelope only. */
function statusOf(outcome: Outcome, ctx: Pick<AnswerContext, "envelope" | "operation">): number {
  const success = ctx.envelope === "success";
  switch (outcome) {
    case "connection-not-found":
      return success && ctx.operation === "get" ? 404 : 400;
    case "project-not-found":
      return success ? 404 : 400;
    case "unauthorized":
      return 401;
    case "no-route":
      return 404;
    case "body-too-large":
      return 413;
    case "unsupported-encoding":
      return 415;
    case "limit-reached":
      return 507;
    case "internal-error":
      return 500;
    case "ok":
    case "spec":
    // A preferred answer carries its own status (render returns it before asking this).
    case "preferred":
    case "deleted":
    case "created":
    case "updated":
    case "found":
    case "listed":
      return 200;
    // Apinizer answers every other refusal with 400 (error-handling page).
    case "permission-denied":
    case "connection-exists":
    case "empty-name":
    case "invalid-body":
    case "type-required":
      return 400;
  }
}

/** The error message of a refusal, in the wording of the envelope in use. */
function messageOf(decision: Decision, ctx: AnswerContext): string {
  const success = ctx.envelope === "success";
  switch (decision.outcome) {
    case "connection-not-found":
      return `Connection (name: ${ctx.connectionName}) was not found!`;
    case "project-not-found":
      return success ? `Project '${ctx.projectName}' not found` : `Project (${ctx.projectName}) is not found!`;
    case "permission-denied":
      return "User does not have required permission for this operation!";
    case "unauthorized":
      if (success) return "Invalid token";
      return ctx.principal === "anonymous"
        ? "Empty Key! Client must be authenticated to access this resource."
        : "Token is not valid!";
    case "connection-exists":
      return `Connection (name: ${ctx.connectionName}) already exists!`;
    case "empty-name":
      return ctx.projectName === "" ? "projectName value can not be empty!" : "Connection name can not be empty!";
    case "invalid-body":
      return decision.problem;
    case "type-required":
      return "The 'type' query parameter is required: connections are listed one type at a time (e.g. ?type=email)";
    case "unsupported-encoding":
      return "The request body's Content-Encoding is not supported: send it uncompressed";
    case "body-too-large":
      return `The request body is larger than ${MAX_BODY_BYTES} bytes (1 MiB), the stand-in's limit`;
    case "limit-reached":
      return decision.limit === "connections"
        ? `The stand-in already holds ${ctx.limits.maxConnections} connections, its limit: delete some first`
        : `The stand-in's connections already take ${ctx.limits.maxStoredBytes} bytes, its limit: delete some first`;
    case "internal-error":
      return success ? "Internal error of the stand-in" : "An unexpected error occurred";
    default:
      return decision.outcome;
  }
}

/** The `error` code of the success envelope for an HTTP status (seed page: bad_request, unauthorized_client, not_found). */
const ERROR_CODES: Record<number, string> = {
  400: "bad_request",
  401: "unauthorized_client",
  404: "not_found",
  413: "payload_too_large",
  415: "unsupported_media_type",
  500: "server_error",
  507: "insufficient_storage",
};

/** A List Connections entry: secret fields are returned as null (List Connections page). */
function masked(connection: StoredConnection): StoredConnection {
  const copy: StoredConnection = { ...connection };
  for (const field of Object.keys(copy)) {
    if (isSecretField(field) && typeof copy[field] === "string") copy[field] = null;
  }
  return copy;
}

function successEnvelopeBody(decision: Decision): unknown {
  switch (decision.outcome) {
    case "deleted":
      return { success: true, deploymentResult: DEPLOYED } satisfies DeleteConnectionResponse;
    case "created":
    case "updated":
      return { success: true, deploymentResult: { success: true } } satisfies DeleteConnectionResponse;
    case "found":
      return { success: true, resultList: [{ ...decision.connection }], resultCount: 1 };
    case "listed":
      return { success: true, resultList: decision.connections.map(masked), resultCount: decision.connections.length };
    default:
      return undefined;
  }
}

function statusEnvelopeBody(decision: Decision): StatusEnvelopeSuccess | undefined {
  switch (decision.outcome) {
    case "deleted":
      return decision.deployed ? { status: "SUCCESS", deploymentResult: DEPLOYED } : { status: "SUCCESS" };
    case "created":
    case "updated":
      return decision.deployed ? { status: "SUCCESS", deploymentResult: { success: true } } : { status: "SUCCESS" };
    case "found":
      return { status: "SUCCESS", resultList: [{ ...decision.connection }], resultCount: 1 };
    case "listed":
      return {
        status: "SUCCESS",
        resultList: decision.connections.map(masked),
        resultCount: decision.connections.length,
      };
    default:
      return undefined;
  }
}

/**
 * The fields a Java server's one response class would have for this endpoint: every field the
 * spec's schemas of either envelope name at the top level, and those of DeploymentResult. Unset,
 * Jackson's default writes them as `null`; the client, the contract and verify must read that as
 * absent (rules/envelope.ts). test/provider/nulls.test.ts keeps these lists equal to the spec's.
 */
export const TOP_LEVEL_FIELDS = [
  "success",
  "deploymentResult",
  "error",
  "error_description",
  "status",
  "resultMessage",
  "resultList",
  "resultCount",
] as const;
export const DEPLOYMENT_RESULT_FIELDS = [
  "success",
  "responseTime",
  "envName",
  "podName",
  "podIp",
  "detail",
  "detailList",
] as const;

const withNulls = (fields: readonly string[], body: Record<string, unknown>): Record<string, unknown> => ({
  ...Object.fromEntries(fields.map((f) => [f, null])),
  ...Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)),
});

/** `body` as a Java server writes it: unset fields `null`, an empty `resultList` left unset (so `null`). */
function javaStyle(body: unknown): unknown {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return body;
  const out = withNulls(TOP_LEVEL_FIELDS, body as Record<string, unknown>);
  if (Array.isArray(out["resultList"]) && out["resultList"].length === 0) out["resultList"] = null;
  const result = out["deploymentResult"];
  if (typeof result === "object" && result !== null) {
    out["deploymentResult"] = withNulls(DEPLOYMENT_RESULT_FIELDS, result as Record<string, unknown>);
  }
  return out;
}

/** The reply for a decision: status, headers and body in the envelope of `ctx` (unset fields `null` with `ctx.nulls`). */
export function render(decision: Decision, ctx: AnswerContext): Reply {
  if (decision.outcome === "spec") return specReply(ctx.path);
  if (decision.outcome === "preferred") {
    return preferredReply(decision.preference, ctx.envelope, () => render({ outcome: "internal-error" }, ctx));
  }
  const reply = renderPlain(decision, ctx);
  // The healthcheck's text and the unrouted path's Spring error page are no envelope.
  const envelope = decision.outcome !== "ok" && decision.outcome !== "no-route";
  return ctx.nulls && envelope ? { ...reply, body: javaStyle(reply.body) } : reply;
}

function renderPlain(decision: Decision, ctx: AnswerContext): Reply {
  const status = statusOf(decision.outcome, ctx);
  if (decision.outcome === "ok") return { status, headers: { "content-type": "text/plain;charset=UTF-8" }, body: "OK" };
  if (decision.outcome === "no-route") {
    // Shaped like the Spring Boot error page a real server answers for a path it does not route.
    const body = { timestamp: new Date().toISOString(), status, error: "Not Found", path: ctx.path };
    return { status, headers: JSON_TYPE, body };
  }
  if (status === 200) {
    const body = ctx.envelope === "success" ? successEnvelopeBody(decision) : statusEnvelopeBody(decision);
    return { status, headers: JSON_TYPE, body };
  }
  const message = messageOf(decision, ctx);
  const body: ApiError | StatusEnvelopeFailure =
    ctx.envelope === "success"
      ? { error: ERROR_CODES[status] ?? "bad_request", error_description: message }
      : { status: "FAILURE", resultMessage: message };
  return { status, headers: JSON_TYPE, body };
}
