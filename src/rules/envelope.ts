// The two response envelopes of Apinizer's API Ops, and how to read an answer by what it means.
// Both are first-class: the seed page (Apinizer's docs as of 2025-12) describes the `success`
// envelope, Apinizer's docs since mid-2026 and the OpenAPI its server generates describe the
// `status` one.
//
//   success:  200 {"success": true, "deploymentResult": {"success": true}}
//             4xx {"error": "bad_request", "error_description": "..."}
//   status:   200 {"status": "SUCCESS", "deploymentResult": {...}}   (deploymentResult only if deployed)
//             4xx/500 {"status": "FAILURE", "resultMessage": "..."}
//
// The rule, used by the client, verify (pre-flight, fixture steps, cleanup, conformance) and the
// stand-in's tests alike:
// - an envelope is told by its discriminator: a boolean `success` (success envelope) or a string
//   `status` (status envelope). The success envelope's error body has neither; it is told by its
//   string `error_description`;
// - `null` stands for absent, everywhere: Apinizer is a Java server whose serialiser writes unset
//   fields as `null` (its List page shows masked secrets as `"password": null`);
// - a field named like one of the other envelope's (`resultMessage: null` in a success-envelope
//   error, `error_description` in a status-envelope body) is an extra field. Only discriminators
//   that contradict each other (`"success": true` with `"status": "FAILURE"`, `false` with
//   `"SUCCESS"`) make an answer ambiguous ("mixed");
// - only the top-level fields and `deploymentResult.success` are read: however deeply a server
//   nests its extra fields, nothing here walks them.
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

/** `body[key]` with `null` read as absent (`undefined`). */
function field(body: JsonObject, key: string): unknown {
  return body[key] ?? undefined;
}

/** The discriminators of a body: a boolean `success`, a string `status` (each `undefined` when absent, null or of another type). */
function discriminators(body: JsonObject): { success: boolean | undefined; status: string | undefined } {
  const success = field(body, "success");
  const status = field(body, "status");
  return {
    success: typeof success === "boolean" ? success : undefined,
    status: typeof status === "string" ? status : undefined,
  };
}

/** `"success": true` with `"status": "FAILURE"`, or `false` with `"SUCCESS"`: the two envelopes disagree. */
function contradicts(success: boolean, status: string): boolean {
  return (success && status === "FAILURE") || (!success && status === "SUCCESS");
}

/**
 * The envelope a parsed JSON body belongs to, by its discriminator (see the rule above):
 * `success` for a boolean `success` or, without either discriminator, a string
 * `error_description`; `status` for a string `status` or, without either discriminator, a string
 * `resultMessage`; `mixed` only when a boolean `success` and a `status` of SUCCESS/FAILURE
 * contradict each other; `undefined` for anything else (HTML, a gateway's own error JSON such as
 * Spring's `{"status": 404, "error": "Not Found"}`). When both discriminators agree, the body is
 * in the envelope whose documented shape it has (the seed's first).
 */
export function envelopeOf(body: unknown): Envelope | "mixed" | undefined {
  if (!isJsonObject(body)) return undefined;
  const { success, status } = discriminators(body);
  if (success !== undefined) {
    // Beside a boolean `success`, a `status` that is neither SUCCESS nor FAILURE is an extra field.
    if (status !== "SUCCESS" && status !== "FAILURE") return "success";
    if (contradicts(success, status)) return "mixed";
    const seedShape = success ? isSuccessEnvelopeDeleted(body) : typeof field(body, "error_description") === "string";
    return seedShape ? "success" : "status";
  }
  if (status !== undefined) return "status";
  if (typeof field(body, "error_description") === "string") return "success";
  if (typeof field(body, "resultMessage") === "string") return "status";
  return undefined;
}

/**
 * What an answer's discriminator says about the request: `done` (`"success": true`,
 * `"status": "SUCCESS"`), `not-done` (`"success": false`, `"status": "FAILURE"`, or a success
 * envelope error body, which has no discriminator), `undefined` (no envelope, contradicting
 * discriminators, or a `status` of another value). Reads two fields, nothing nested.
 */
export function saysOf(body: unknown): "done" | "not-done" | undefined {
  const envelope = envelopeOf(body);
  // No envelope: neither discriminator is there, and the last line gives `undefined`.
  if (!isJsonObject(body) || envelope === "mixed") return undefined;
  const { success, status } = discriminators(body);
  if (envelope === "success") return success === true ? "done" : "not-done";
  return status === "SUCCESS" ? "done" : status === "FAILURE" ? "not-done" : undefined;
}

/**
 * The server's own message in a body of either envelope: `error_description` (success envelope)
 * or `resultMessage` (status envelope), whichever the body's envelope names; the other one's as a
 * fallback. `undefined` when neither is a string.
 */
export function errorMessageOf(body: unknown): string | undefined {
  if (!isJsonObject(body)) return undefined;
  const [first, second] =
    envelopeOf(body) === "status" ? ["resultMessage", "error_description"] : ["error_description", "resultMessage"];
  const message = field(body, first) ?? field(body, second);
  return typeof message === "string" ? message : undefined;
}

// The shapes of the spec's schemas, checked at run time. Each checks the fields the spec names at
// the top level (and `deploymentResult.success`), reads `null` as absent and allows any other
// field (real servers add fields).

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

/** Absent, null, or of the given kind. */
const optional = (value: unknown, fits: (v: unknown) => boolean): boolean =>
  value === undefined || value === null || fits(value);

/**
 * StatusEnvelopeSuccess (status envelope, 200): `status` exactly `"SUCCESS"`; `resultMessage` a
 * string, `resultList` an array, `resultCount` an integer, `deploymentResult` a DeploymentResult,
 * each also absent or null (absent `deploymentResult`: the connection was not deployed).
 */
export function isStatusEnvelopeSuccess(value: unknown): value is Schemas["StatusEnvelopeSuccess"] {
  if (!isJsonObject(value) || value["status"] !== "SUCCESS") return false;
  return (
    optional(value["resultMessage"], (v) => typeof v === "string") &&
    optional(value["resultList"], Array.isArray) &&
    optional(value["resultCount"], Number.isInteger) &&
    optional(value["deploymentResult"], isDeploymentResult)
  );
}

/** StatusEnvelopeFailure (status envelope, 4xx/500): `status` exactly `"FAILURE"` and a string `resultMessage`. */
export function isStatusEnvelopeFailure(value: unknown): value is Schemas["StatusEnvelopeFailure"] {
  return isJsonObject(value) && value["status"] === "FAILURE" && typeof value["resultMessage"] === "string";
}

/**
 * What happened on the workers, from a 200 that says the connection was deleted: `removed`
 * (`deploymentResult.success` true), `failed` (false), `not-deployed` (no `deploymentResult`, or
 * `null`: the status envelope's answer for a connection that was never deployed).
 */
export function workersOf(body: JsonObject): "removed" | "failed" | "not-deployed" {
  const result = field(body, "deploymentResult");
  if (!isDeploymentResult(result)) return "not-deployed";
  return result.success ? "removed" : "failed";
}

// Get, List and Create Connection's answers (the spec's AnyEnvelopeConnections, AnyEnvelopeSaved).

/** A connection's definition: an object with a non-empty string `type` (the discriminator) and `name`. */
export function isConnection(value: unknown): value is Schemas["Connection"] {
  return (
    isJsonObject(value) &&
    typeof value["type"] === "string" &&
    value["type"] !== "" &&
    typeof value["name"] === "string" &&
    value["name"] !== ""
  );
}

/**
 * The connections of a 200 to Get or List Connection, in either envelope (`{"success": true,
 * "resultList"}` or `{"status": "SUCCESS", "resultList"}`); `undefined` for anything else,
 * including `"success": false` and a list with an entry that is not a connection.
 */
export function connectionsOf(value: unknown): Schemas["Connection"][] | undefined {
  if (saysOf(value) !== "done") return undefined;
  const list = (value as JsonObject)["resultList"]; // saysOf says "done" only of an object
  return Array.isArray(list) && list.every(isConnection) ? list : undefined;
}

/**
 * A 200 to Create Connection that says it was carried out: `{"success": true}` (deploymentResult
 * optional) or a StatusEnvelopeSuccess; `undefined` otherwise. The DeploymentResult, when there.
 */
export function savedOf(value: unknown): { deployment: Schemas["DeploymentResult"] | undefined } | undefined {
  if (!isJsonObject(value)) return undefined;
  const envelope = envelopeOf(value);
  const deployment = value["deploymentResult"];
  if (deployment !== undefined && deployment !== null && !isDeploymentResult(deployment)) return undefined;
  const known = deployment === null ? undefined : (deployment as Schemas["DeploymentResult"] | undefined);
  if (envelope === "success" && value["success"] === true) return { deployment: known };
  if (envelope !== "status") return undefined;
  const { deploymentResult: _checked, ...rest } = value;
  return isStatusEnvelopeSuccess(rest) ? { deployment: known } : undefined;
}
