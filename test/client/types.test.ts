/**
 * Type-level tests. Everything above the runtime `describe` is checked by tsc: `npm run check`
 * (the first step of `npm test`) type-checks the whole repository, this file included (strict,
 * exactOptionalPropertyTypes), so `npm test` fails if any of these stops compiling, or if a
 * `@ts-expect-error` line starts compiling.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  CONNECTION_ERROR_KINDS,
  type ConnectionErrorKind,
  type ConnectionsClient,
  type components,
  createConnectionsClient,
  type DeleteConnectionFailure,
  type DeleteConnectionResult,
  type Envelope,
  type NotBackedUpFailure,
  type operations,
  type paths,
  type WorkersOutcome,
} from "../../src/client/index.js";
import type { createSendingClient } from "../../src/client/raw.js";
import { CONNECTION_PATH_TEMPLATE } from "../../src/rules/route.js";

/** What a consumer writes: an exhaustive switch with a `never` default, over kinds and envelopes. */
function describeResult(r: DeleteConnectionResult): string {
  // On the whole union: which envelope the server answered in, if any.
  expectTypeOf(r.envelope).toEqualTypeOf<Envelope | undefined>();
  if (r.ok) {
    expectTypeOf(r.envelope).toEqualTypeOf<Envelope>();
    if (r.deleted) {
      expectTypeOf(r.status).toEqualTypeOf<200>();
      expectTypeOf(r.workers).toEqualTypeOf<WorkersOutcome>();
      expectTypeOf(r.workers).toEqualTypeOf<"removed" | "failed" | "not-deployed">();
      switch (r.envelope) {
        case "success":
          expectTypeOf(r.data).toEqualTypeOf<components["schemas"]["DeleteConnectionResponse"]>();
          return `deleted (${r.data.deploymentResult.success ? "removed from workers" : r.workers})`;
        case "status":
          expectTypeOf(r.data).toEqualTypeOf<components["schemas"]["StatusEnvelopeSuccess"]>();
          // A Java server writes an unset field as null: the spec says so, and the type too.
          expectTypeOf(r.data.deploymentResult).toEqualTypeOf<
            components["schemas"]["DeploymentResult"] | null | undefined
          >();
          return `deleted (${r.workers})`;
        default: {
          const unreachable: never = r;
          return unreachable;
        }
      }
    }
    // 400, or a 200 whose envelope says "not done" with the not-found message.
    expectTypeOf(r.status).toEqualTypeOf<400 | 200>();
    expectTypeOf(r.earlierAttemptMayHaveDeleted).toEqualTypeOf<true | undefined>();
    if (r.envelope === "status") expectTypeOf(r.data).toEqualTypeOf<components["schemas"]["StatusEnvelopeFailure"]>();
    else expectTypeOf(r.data).toEqualTypeOf<components["schemas"]["Error"]>();
    return `already gone: ${r.message}`;
  }
  switch (r.kind) {
    case "connection-not-found":
      expectTypeOf(r.earlierAttemptMayHaveDeleted).toEqualTypeOf<true | undefined>();
      return `${r.message} ${r.earlierAttemptMayHaveDeleted ? "(maybe deleted earlier)" : ""}`;
    case "bad-request":
    case "project-not-found":
    case "permission-denied":
      expectTypeOf(r.envelope).toEqualTypeOf<Envelope>();
      // The error body, narrowed by its envelope; a 200 that says "success": false may have none.
      if (r.error === undefined) expectTypeOf(r.status).toEqualTypeOf<200>();
      else if (r.envelope === "success") expectTypeOf(r.error.error_description).toBeString();
      else expectTypeOf(r.error.resultMessage).toBeString();
      return `${r.status}: ${r.message} ${r.body}`;
    case "unauthorized":
      expectTypeOf(r.status).toEqualTypeOf<401>();
      expectTypeOf(r.envelope).toEqualTypeOf<Envelope | undefined>();
      return r.message;
    case "http-error":
    case "unexpected-response":
      expectTypeOf(r.status).toBeNumber();
      expectTypeOf(r.body).toBeString();
      return `${r.status} ${r.envelope ?? "no envelope"}`;
    case "network":
      expectTypeOf(r.aborted).toEqualTypeOf<true | undefined>();
      expectTypeOf(r.envelope).toEqualTypeOf<undefined>();
      return r.message;
    case "timeout":
    case "invalid-argument":
      expectTypeOf(r.status).toEqualTypeOf<undefined>();
      return r.message;
    default: {
      const unreachable: never = r;
      return unreachable;
    }
  }
}

/** Without a case for the new kind, the same switch does not compile: the `never` default catches it. */
function withoutPermissionDenied(r: DeleteConnectionFailure): string {
  switch (r.kind) {
    case "connection-not-found":
    case "bad-request":
    case "project-not-found":
    case "unauthorized":
    case "http-error":
    case "unexpected-response":
    case "network":
    case "timeout":
    case "invalid-argument":
      return r.kind;
    default: {
      // @ts-expect-error "permission-denied" is not handled above
      const unreachable: never = r;
      return unreachable;
    }
  }
}
void withoutPermissionDenied;

function typeChecks(client: ConnectionsClient, r: DeleteConnectionResult): void {
  // The union's kinds are exactly the runtime list.
  expectTypeOf<DeleteConnectionFailure["kind"]>().toEqualTypeOf<ConnectionErrorKind>();
  expectTypeOf<(typeof CONNECTION_ERROR_KINDS)[number]>().toEqualTypeOf<ConnectionErrorKind>();
  const params = { projectName: "p", connectionName: "c" };
  expectTypeOf(client.deleteConnection(params)).resolves.toEqualTypeOf<DeleteConnectionResult>();
  expectTypeOf(
    client.deleteConnection(params, { ignoreMissing: true }),
  ).resolves.toEqualTypeOf<DeleteConnectionResult>();
  // Only read-before-delete adds a result: nothing deleted because the backup was not made.
  expectTypeOf(client.deleteConnection(params, { backup: () => {} })).resolves.toEqualTypeOf<
    DeleteConnectionResult | NotBackedUpFailure
  >();
  // Generated types are re-exported from the root.
  expectTypeOf<operations["deleteConnection"]["responses"][200]>().toEqualTypeOf<
    components["responses"]["ConnectionDeleted"]
  >();
  expectTypeOf<keyof paths>().toEqualTypeOf<
    "/apiops/projects/{projectName}/connections/{connectionName}/" | "/apiops/projects/{projectName}/connections/"
  >();
  // Every failure can be asked for status/body/envelope without narrowing.
  if (!r.ok) {
    expectTypeOf(r.status).toEqualTypeOf<number | undefined>();
    expectTypeOf(r.body).toEqualTypeOf<string | undefined>();
    expectTypeOf(r.envelope).toEqualTypeOf<Envelope | undefined>();
  }
  // @ts-expect-error data is only there once `ok` is known to be true
  void r.data;
  // @ts-expect-error kind is only there once `ok` is known to be false
  void r.kind;
  if (!r.ok) {
    // @ts-expect-error not a kind
    if (r.kind === "not-a-kind") return;
    // @ts-expect-error not an envelope
    if (r.envelope === "mixed") return;
  }
  // @ts-expect-error both names are required
  void client.deleteConnection({ projectName: "p" });
  // Optional options take `undefined` too (forwarding a maybe-signal is common).
  const maybeSignal: AbortSignal | undefined = undefined;
  void client.deleteConnection(
    { projectName: "p", connectionName: "c" },
    { ignoreMissing: undefined, signal: maybeSignal },
  );
  createConnectionsClient({ baseUrl: "https://x", token: "t", timeoutMs: undefined, retries: undefined });
  // @ts-expect-error but not a non-boolean
  void client.deleteConnection({ projectName: "p", connectionName: "c" }, { ignoreMissing: "yes" });
  // @ts-expect-error the token is required
  createConnectionsClient({ baseUrl: "https://x" });
  // The raw client is openapi-fetch's, typed from the spec: both envelopes.
  void client.raw
    .DELETE("/apiops/projects/{projectName}/connections/{connectionName}/", {
      params: { path: { projectName: "p", connectionName: "c" } },
    })
    .then(({ data, error }) => {
      const deleted: components["schemas"]["AnyEnvelopeDeleted"] | undefined = data;
      const failed: components["schemas"]["AnyEnvelopeError"] | undefined = error;
      void [deleted, failed];
    });
}
void typeChecks;

/**
 * deleteConnection's request is checked by the generated `paths`: it is sent through the client
 * createSendingClient makes (src/client/raw.ts; `Client<paths>` of openapi-fetch), with the path
 * CONNECTION_PATH_TEMPLATE. The call as client.ts writes it compiles; each way of getting it
 * wrong does not.
 */
function deleteCallChecks(api: ReturnType<typeof createSendingClient>, signal: AbortSignal): void {
  const path = { projectName: "P", connectionName: "C" };
  void api.DELETE(CONNECTION_PATH_TEMPLATE, { params: { path }, parseAs: "stream", signal });
  // @ts-expect-error a path the spec does not have (no trailing slash)
  void api.DELETE("/apiops/projects/{projectName}/connections/{connectionName}", { params: { path } });
  // @ts-expect-error a path of the spec without a DELETE (the healthcheck is not in `paths` either)
  void api.DELETE("/apiops/test/healthcheck", {});
  // @ts-expect-error a method the path does not have
  void api.PATCH(CONNECTION_PATH_TEMPLATE, { params: { path } });
  // @ts-expect-error a path parameter missing
  void api.DELETE(CONNECTION_PATH_TEMPLATE, { params: { path: { projectName: "P" } } });
  // @ts-expect-error a path parameter misspelt
  void api.DELETE(CONNECTION_PATH_TEMPLATE, { params: { path: { projectName: "P", connectionname: "C" } } });
  // @ts-expect-error a number where the spec says string
  void api.DELETE(CONNECTION_PATH_TEMPLATE, { params: { path: { projectName: "P", connectionName: 7 } } });
  // @ts-expect-error no params at all
  void api.DELETE(CONNECTION_PATH_TEMPLATE, {});
}
void deleteCallChecks;

/** `mayHaveDeleted` is on network failures only, and only ever `true`. */
function networkChecks(r: DeleteConnectionResult): void {
  if (!r.ok && r.kind === "network") expectTypeOf(r.mayHaveDeleted).toEqualTypeOf<true | undefined>();
  // @ts-expect-error not on the other kinds
  if (!r.ok && r.kind === "timeout") void r.mayHaveDeleted;
}
void networkChecks;

describe("types", () => {
  it("the exhaustive switch covers the runtime kinds list", () => {
    for (const kind of CONNECTION_ERROR_KINDS) {
      for (const envelope of ["success", "status"] as const) {
        const error =
          envelope === "success" ? { error: "e", error_description: "d" } : { status: "FAILURE", resultMessage: "d" };
        const r = { ok: false, kind, message: "m", status: 400, body: "", envelope, error } as DeleteConnectionResult;
        expect(typeof describeResult(r)).toBe("string");
      }
    }
    expect(new Set(CONNECTION_ERROR_KINDS).size).toBe(10);
  });

  it("new kinds are only appended: the first nine keep their places", () => {
    expect(CONNECTION_ERROR_KINDS.slice(0, 9)).toEqual([
      "connection-not-found",
      "bad-request",
      "unauthorized",
      "project-not-found",
      "http-error",
      "unexpected-response",
      "network",
      "timeout",
      "invalid-argument",
    ]);
    expect(CONNECTION_ERROR_KINDS[9]).toBe("permission-denied");
  });
});
