/**
 * Type-level tests. Everything above the runtime `describe` is checked by tsc: the last test runs
 * tsc on this very file (strict, exactOptionalPropertyTypes), so the unit suite fails if any of
 * these stops compiling, or if a `@ts-expect-error` line starts compiling.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  CONNECTION_ERROR_KINDS,
  type ConnectionErrorKind,
  type ConnectionsClient,
  type components,
  createConnectionsClient,
  type DeleteConnectionFailure,
  type DeleteConnectionResult,
  type operations,
  type paths,
} from "../../src/client/index.js";

/** What a consumer writes: an exhaustive switch with a `never` default. */
function describeResult(r: DeleteConnectionResult): string {
  if (r.ok) {
    if (r.deleted) {
      expectTypeOf(r.status).toEqualTypeOf<200>();
      expectTypeOf(r.data).toEqualTypeOf<components["schemas"]["DeleteConnectionResponse"]>();
      const deployed: boolean = r.data.deploymentResult.success;
      return `deleted (deployment ${deployed ? "ok" : "failed"})`;
    }
    expectTypeOf(r.status).toEqualTypeOf<400>();
    expectTypeOf(r.data).toEqualTypeOf<components["schemas"]["Error"]>();
    return `already gone: ${r.message}`;
  }
  switch (r.kind) {
    case "connection-not-found":
    case "bad-request":
    case "project-not-found":
      expectTypeOf(r.error.error_description).toBeString();
      return `${r.status}: ${r.message} ${r.body}`;
    case "unauthorized":
      expectTypeOf(r.status).toEqualTypeOf<401>();
      return r.message;
    case "http-error":
    case "unexpected-response":
      expectTypeOf(r.status).toBeNumber();
      expectTypeOf(r.body).toBeString();
      return `${r.status}`;
    case "network":
      expectTypeOf(r.aborted).toEqualTypeOf<true | undefined>();
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

function typeChecks(client: ConnectionsClient, r: DeleteConnectionResult): void {
  // The union's kinds are exactly the runtime list.
  expectTypeOf<DeleteConnectionFailure["kind"]>().toEqualTypeOf<ConnectionErrorKind>();
  expectTypeOf<(typeof CONNECTION_ERROR_KINDS)[number]>().toEqualTypeOf<ConnectionErrorKind>();
  expectTypeOf(client.deleteConnection).returns.resolves.toEqualTypeOf<DeleteConnectionResult>();
  // Generated types are re-exported from the root.
  expectTypeOf<operations["deleteConnection"]["responses"][200]>().toEqualTypeOf<
    components["responses"]["ConnectionDeleted"]
  >();
  expectTypeOf<keyof paths>().toEqualTypeOf<"/apiops/projects/{projectName}/connections/{connectionName}/">();
  // Every failure can be asked for status/body without narrowing.
  if (!r.ok) {
    expectTypeOf(r.status).toEqualTypeOf<number | undefined>();
    expectTypeOf(r.body).toEqualTypeOf<string | undefined>();
  }
  // @ts-expect-error data is only there once `ok` is known to be true
  void r.data;
  // @ts-expect-error kind is only there once `ok` is known to be false
  void r.kind;
  if (!r.ok) {
    // @ts-expect-error not a kind
    if (r.kind === "not-a-kind") return;
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
  // The raw client is openapi-fetch's, typed from the spec.
  void client.raw
    .DELETE("/apiops/projects/{projectName}/connections/{connectionName}/", {
      params: { path: { projectName: "p", connectionName: "c" } },
    })
    .then(({ data, error }) => {
      if (data) expectTypeOf(data.deploymentResult.success).toBeBoolean();
      if (error) expectTypeOf(error.error_description).toBeString();
    });
}
void typeChecks;

const execFileAsync = promisify(execFile);

describe("types", () => {
  it("the exhaustive switch covers the runtime kinds list", () => {
    for (const kind of CONNECTION_ERROR_KINDS) {
      const r = {
        ok: false,
        kind,
        message: "m",
        status: 400,
        body: "",
        error: { error: "e", error_description: "d" },
      } as DeleteConnectionResult;
      expect(typeof describeResult(r)).toBe("string");
    }
    expect(new Set(CONNECTION_ERROR_KINDS).size).toBe(9);
  });

  it("this file type-checks under the repo's strict settings (tsc)", async () => {
    const root = path.resolve(import.meta.dirname, "../..");
    const dir = await mkdtemp(path.join(tmpdir(), "types-test-"));
    try {
      const config = path.join(dir, "tsconfig.json");
      await writeFile(
        config,
        JSON.stringify({
          extends: path.join(root, "tsconfig.json"),
          compilerOptions: { noEmit: true, typeRoots: [path.join(root, "node_modules/@types")] },
          include: [],
          files: [path.join(root, "test/client/types.test.ts")],
        }),
      );
      const tsc = path.join(root, "node_modules/typescript/bin/tsc");
      const run = await execFileAsync(process.execPath, [tsc, "-p", config], { cwd: root }).then(
        () => ({ code: 0, out: "" }),
        (e: { code?: number; stdout?: string }) => ({ code: e.code ?? 1, out: e.stdout ?? "" }),
      );
      expect(run.out).toBe("");
      expect(run.code).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
