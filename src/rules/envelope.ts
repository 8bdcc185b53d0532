// The two response envelopes of Apinizer's API Ops, and how to tell them apart. Both are
// first-class: the seed page (Apinizer's docs as of 2025-12) describes the `success` envelope,
// Apinizer's docs since mid-2026 and the OpenAPI its server generates describe the `status` one.
//
//   success:  200 {"success": true, "deploymentResult": {"success": true}}
//             4xx {"error": "bad_request", "error_description": "..."}
//   status:   200 {"status": "SUCCESS", "deploymentResult": {...}}   (deploymentResult only if deployed)
//             4xx/500 {"status": "FAILURE", "resultMessage": "..."}
import type { components } from "../generated/openapi.js";

type Schemas = components["schemas"];

/** Which envelope an answer is in. */
export type Envelope = "success" | "status";

/** Every envelope, in the order the seed page (success) and Apinizer's newer pages (status) came. */
export const ENVELOPES: readonly Envelope[] = ["success", "status"];

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The envelope a parsed JSON body belongs to, by the fields only that envelope has: `success` or
 * `error_description` (success envelope), a string `status` or `resultMessage` (status envelope).
 * `mixed` when it carries fields of both; `undefined` for anything else (HTML, a gateway's own
 * error JSON such as Spring's `{"status": 404, "error": "Not Found"}`).
 */
export function envelopeOf(body: unknown): Envelope | "mixed" | undefined {
  if (!isJsonObject(body)) return undefined;
  const success = "success" in body || "error_description" in body;
  const status = typeof body["status"] === "string" || "resultMessage" in body;
  if (success && status) return "mixed";
  if (success) return "success";
  if (status) return "status";
  return undefined;
}

/** The server's own message in an error body of either envelope (`error_description` or `resultMessage`). */
export function errorMessageOf(body: unknown): string | undefined {
  if (!isJsonObject(body)) return undefined;
  const message = body["error_description"] ?? body["resultMessage"];
  return typeof message === "string" ? message : undefined;
}

// The shapes of the spec's schemas, checked at run time. Each checks the fields the spec
// requires and allows any others (real servers add fields).

/** DeploymentResult: an object with a boolean `success`. */
function isDeploymentResult(value: unknown): value is Schemas["DeploymentResult"] {
  return isJsonObject(value) && typeof value["success"] === "boolean";
}

/** DeleteConnectionResponse (success envelope, 200): boolean `success` and a DeploymentResult. */
export function isSuccessEnvelopeDeleted(value: unknown): value is Schemas["DeleteConnectionResponse"] {
  return isJsonObject(value) && typeof value["success"] === "boolean" && isDeploymentResult(value["deploymentResult"]);
}

/** Error (success envelope, 4xx): string `error` and string `error_description`. */
export function isSuccessEnvelopeError(value: unknown): value is Schemas["Error"] {
  return isJsonObject(value) && typeof value["error"] === "string" && typeof value["error_description"] === "string";
}

/**
 * StatusEnvelopeSuccess (status envelope, 200): `status` exactly `"SUCCESS"`, `resultMessage`
 * absent, null or a string, `deploymentResult` absent (the connection was not deployed) or a
 * DeploymentResult.
 */
export function isStatusEnvelopeSuccess(value: unknown): value is Schemas["StatusEnvelopeSuccess"] {
  if (!isJsonObject(value) || value["status"] !== "SUCCESS") return false;
  const message = value["resultMessage"];
  if (message !== undefined && message !== null && typeof message !== "string") return false;
  return !("deploymentResult" in value) || isDeploymentResult(value["deploymentResult"]);
}

/** StatusEnvelopeFailure (status envelope, 4xx/500): `status` exactly `"FAILURE"` and a string `resultMessage`. */
export function isStatusEnvelopeFailure(value: unknown): value is Schemas["StatusEnvelopeFailure"] {
  return isJsonObject(value) && value["status"] === "FAILURE" && typeof value["resultMessage"] === "string";
}
