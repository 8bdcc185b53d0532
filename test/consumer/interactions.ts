// The contract, one documented outcome per entry and envelope: what the client sends, what it
// relies on in the answer, and what it must make of it. The consumer tests record these; the
// guard tests replay them with a broken client.
import { MatchersV3, type PactV4 } from "@pact-foundation/pact";
import type { DeleteConnectionResult } from "../../src/client/index.js";
import { EXAMPLE_NAMES as example, type PathNames, STATES as states } from "../../src/rules/contract.js";
import type { Envelope } from "../../src/rules/envelope.js";
import { JSON_MEDIA_TYPE_PATTERN } from "../../src/rules/media.js";
import { pactRegex } from "../../src/rules/wording.js";
import { deletePath } from "./pact.js";

const { boolean, regex, string } = MatchersV3;

export { example };
export const otherCase: PathNames = { ...example, connectionName: "My-Email-Connection" };

// Any bearer token: the verifier sends the real one. The example is no real-looking secret.
const bearer = { Authorization: regex(/^Bearer \S+$/, "Bearer EXAMPLE_TOKEN") };
// Servers may add a charset (Apinizer sends application/json;charset=UTF-8) and write the media
// type in any letter case (RFC 9110 §8.3.1): the one rule, rules/media.ts.
const json = { "Content-Type": regex(JSON_MEDIA_TYPE_PATTERN, "application/json") };

// The messages the client classifies (rules/wording), matched by the very same rule.
const says = {
  connectionNotFound: regex(
    pactRegex("connectionNotFound"),
    `Connection (name: ${example.connectionName}) was not found!`,
  ),
  projectNotFound: regex(pactRegex("projectNotFound"), `Project (${example.projectName}) is not found!`),
  permissionDenied: regex(pactRegex("permissionDenied"), "User does not have required permission for this operation!"),
};

/** One documented outcome: its interaction, the names the client sends, and what the client must report. */
export interface Outcome {
  readonly description: string;
  readonly given: readonly (readonly [string, PathNames?])[];
  readonly names: PathNames;
  readonly status: number;
  readonly body: unknown;
  readonly expected: Partial<Record<string, unknown>> & Pick<DeleteConnectionResult, "ok">;
  /** The whole result, where the answer's example fixes it. */
  readonly exact?: DeleteConnectionResult;
}

const exists = [[states.connectionExists, example]] as const;
const existsInOtherCase = [[states.connectionExistsInOtherCase, otherCase]] as const;
const missing = [[states.connectionMissing, example]] as const;
const projectMissing = [[states.projectMissing, example]] as const;
const tokenInvalid = [[states.tokenInvalid, example]] as const;
const permissionMissing = [[states.permissionMissing, example]] as const;

const DESCRIPTIONS = {
  exists: "a request to delete an existing connection",
  // Why: the client sends the name as the caller wrote it and relies on the server to match it
  // case-insensitively, as the documentation's notes promise, rather than lower-casing it itself.
  otherCase: "a request to delete an existing connection, named in another letter case",
  missing: "a request to delete a connection that does not exist",
  tokenInvalid: "a request to delete a connection with an invalid token",
  projectMissing: "a request to delete a connection in a project that does not exist",
  permissionMissing: "a request to delete a connection without the permission to manage connections",
};

/** Every documented outcome of Delete Connection, per envelope. */
export const OUTCOMES: Record<Envelope, readonly Outcome[]> = {
  // The seed page (2025-12). `success` is exact: the client reports a deletion only when the server says true.
  success: [
    {
      description: DESCRIPTIONS.exists,
      given: exists,
      names: example,
      status: 200,
      body: { success: true, deploymentResult: { success: boolean(true) } },
      expected: { ok: true, status: 200, deleted: true, envelope: "success", workers: "removed" },
      exact: {
        ok: true,
        status: 200,
        deleted: true,
        envelope: "success",
        workers: "removed",
        data: { success: true, deploymentResult: { success: true } },
      },
    },
    {
      description: DESCRIPTIONS.otherCase,
      given: existsInOtherCase,
      names: otherCase,
      status: 200,
      body: { success: true, deploymentResult: { success: boolean(true) } },
      expected: { ok: true, status: 200, deleted: true, envelope: "success" },
    },
    {
      description: DESCRIPTIONS.missing,
      given: missing,
      names: example,
      status: 400,
      body: { error: "bad_request", error_description: says.connectionNotFound },
      expected: {
        ok: false,
        status: 400,
        kind: "connection-not-found",
        envelope: "success",
        message: `Connection (name: ${example.connectionName}) was not found!`,
      },
    },
    {
      description: DESCRIPTIONS.tokenInvalid,
      given: tokenInvalid,
      names: example,
      status: 401,
      body: { error: "unauthorized_client", error_description: string("Invalid token") },
      expected: { ok: false, status: 401, kind: "unauthorized", envelope: "success", message: "Invalid token" },
    },
    {
      description: DESCRIPTIONS.projectMissing,
      given: projectMissing,
      names: example,
      status: 404,
      body: { error: "not_found", error_description: string(`Project '${example.projectName}' not found`) },
      expected: {
        ok: false,
        status: 404,
        kind: "project-not-found",
        envelope: "success",
        message: `Project '${example.projectName}' not found`,
      },
    },
  ],
  // Apinizer's pages since mid-2026. Only `status` is required on success: `deploymentResult`
  // comes only when the connection had been deployed, and Pact cannot express an optional field.
  status: [
    {
      description: DESCRIPTIONS.exists,
      given: exists,
      names: example,
      status: 200,
      body: { status: "SUCCESS" },
      expected: { ok: true, status: 200, deleted: true, envelope: "status", workers: "not-deployed" },
      exact: {
        ok: true,
        status: 200,
        deleted: true,
        envelope: "status",
        workers: "not-deployed",
        data: { status: "SUCCESS" },
      },
    },
    {
      description: DESCRIPTIONS.otherCase,
      given: existsInOtherCase,
      names: otherCase,
      status: 200,
      body: { status: "SUCCESS" },
      expected: { ok: true, status: 200, deleted: true, envelope: "status" },
    },
    {
      description: DESCRIPTIONS.missing,
      given: missing,
      names: example,
      status: 400,
      body: { status: "FAILURE", resultMessage: says.connectionNotFound },
      expected: {
        ok: false,
        status: 400,
        kind: "connection-not-found",
        envelope: "status",
        message: `Connection (name: ${example.connectionName}) was not found!`,
      },
    },
    {
      description: DESCRIPTIONS.tokenInvalid,
      given: tokenInvalid,
      names: example,
      status: 401,
      body: { status: "FAILURE", resultMessage: string("Token is not valid!") },
      expected: { ok: false, status: 401, kind: "unauthorized", envelope: "status", message: "Token is not valid!" },
    },
    {
      description: DESCRIPTIONS.projectMissing,
      given: projectMissing,
      names: example,
      status: 400,
      body: { status: "FAILURE", resultMessage: says.projectNotFound },
      expected: {
        ok: false,
        status: 400,
        kind: "project-not-found",
        envelope: "status",
        message: `Project (${example.projectName}) is not found!`,
      },
    },
    {
      description: DESCRIPTIONS.permissionMissing,
      given: permissionMissing,
      names: example,
      status: 400,
      body: { status: "FAILURE", resultMessage: says.permissionDenied },
      expected: { ok: false, status: 400, kind: "permission-denied", envelope: "status" },
    },
  ],
};

/** Adds `outcome` to `pact` as one interaction, ready for `executeTest`. */
export function interaction(pact: PactV4, outcome: Outcome) {
  let builder = pact.addInteraction();
  for (const [state, params] of outcome.given) builder = builder.given(state, params as never);
  return builder
    .uponReceiving(outcome.description)
    .withRequest("DELETE", deletePath(outcome.names), (request) => request.headers(bearer))
    .willRespondWith(outcome.status, (response) => response.headers(json).jsonBody(outcome.body as never));
}
