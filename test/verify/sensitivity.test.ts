// The verification is only worth something if it fails for servers that break the documented
// contract (in ways the client would notice) and passes for servers that differ only in ways the
// contract allows. Each case starts the stand-in with one deviation and verifies against it
// through `verify --base-url`, as against a staging server.
import { describe, expect, it } from "vitest";
import type { Reply, ReplyContext } from "../../src/provider/index.js";
import { STATES as states } from "../../src/rules/contract.js";
import { onDelete } from "../support/replies.js";
import { failureGiven, failures, passCount, verifyVariant } from "./support/harness.js";

const interactionCount = 5;

// Each case has its own stand-in and run: they run side by side.
describe.concurrent("verification is sensitive to contract breaks", () => {
  it("passes against the documented behaviour", async () => {
    const r = await verifyVariant({});
    expect(r.code, r.stdout).toBe(0);
    expect(passCount(r.stdout)).toBe(interactionCount);
    expect(r.stdout).toMatch(/^VERIFIED: 5 interactions, 5 passed, 0 failed \(envelopes: success\)$/m);
  });

  it("fails when a missing connection is answered 404 instead of 400", async () => {
    const r = await verifyVariant({
      reply: onDelete((reply, ctx) => (ctx.outcome === "connection-not-found" ? { ...reply, status: 404 } : undefined)),
    });
    expect(r.code).toBe(1);
    expect(failures(r.stdout)).toHaveLength(1);
    expect(failureGiven(r.stdout, states.connectionMissing)).toContain("status: expected 400, actual 404");
  });

  it("fails a server whose Get speaks the success envelope but whose Delete answers in the status envelope (mixed)", async () => {
    const envelope = (reply: Reply, ctx: ReplyContext): Reply | undefined => {
      const body = reply.body as { error_description?: string } | undefined;
      if (ctx.outcome === "deleted")
        return { ...reply, body: { status: "SUCCESS", resultMessage: "Connection deleted" } };
      if (reply.status >= 400 && ctx.operation === "delete") {
        return {
          ...reply,
          status: ctx.outcome === "project-not-found" ? 400 : reply.status,
          body: { status: "FAILURE", resultMessage: body?.error_description ?? "error" },
        };
      }
      return undefined;
    };
    const r = await verifyVariant({ reply: envelope });
    expect(r.code).toBe(1);
    expect(passCount(r.stdout)).toBe(0);
    expect(r.report.problems.join("\n")).toMatch(
      /Delete Connection answered in the status envelope, but the run verifies the success envelope/,
    );
    const deleted = failureGiven(r.stdout, states.connectionExists);
    expect(deleted).toMatch(/body \$: .*missing the following keys: deploymentResult, success/);
    const project = failureGiven(r.stdout, states.projectMissing);
    expect(project).toContain("status: expected 404, actual 400");
    expect(project).toMatch(/missing the following keys: error, error_description/);
  });

  it('fails for a field of the wrong type (success: "true")', async () => {
    const r = await verifyVariant({
      reply: onDelete((reply, ctx) =>
        ctx.outcome === "deleted"
          ? { ...reply, body: { success: "true", deploymentResult: { success: true } } }
          : undefined,
      ),
    });
    expect(r.code).toBe(1);
    const block = failureGiven(r.stdout, states.connectionExists);
    expect(block).toContain(
      `body $.success: expected true, actual "true" (Expected 'true' (String) to be equal to true (Boolean))`,
    );
  });

  it("fails when deploymentResult.success is missing or not a boolean", async () => {
    const r = await verifyVariant({
      reply: onDelete((reply, ctx) =>
        ctx.outcome === "deleted"
          ? { ...reply, body: { success: true, deploymentResult: { responseTime: 3 } } }
          : undefined,
      ),
    });
    expect(r.code).toBe(1);
    expect(failureGiven(r.stdout, states.connectionExists)).toMatch(/body \$\.deploymentResult: .*success/);
    expect(failureGiven(r.stdout, states.connectionExistsInOtherCase)).toMatch(/deploymentResult/);
  });

  it("fails when authentication is not enforced", async () => {
    const r = await verifyVariant({ enforceAuth: false });
    expect(r.code).toBe(1);
    expect(failures(r.stdout)).toHaveLength(1);
    const block = failureGiven(r.stdout, states.tokenInvalid);
    expect(block).toContain("status: expected 401, actual 200");
    // The bonus check: the connection was deleted with an invalid token.
    expect(block).toMatch(/was deleted although the request carried an invalid token/);
  });

  it("fails when a server deletes first and checks the token afterwards (401, but gone)", async () => {
    const r = await verifyVariant({ deleteBeforeAuth: true });
    expect(r.code).toBe(1);
    expect(failures(r.stdout)).toHaveLength(1);
    expect(failureGiven(r.stdout, states.tokenInvalid)).toMatch(
      /deleted although the request carried an invalid token/,
    );
  });

  it("fails when a server answers 200 but keeps the connection", async () => {
    const r = await verifyVariant({ keepOnDelete: true });
    expect(r.code).toBe(1);
    // Every interaction with a fixture fails: the deletes, and the cleanup that cannot delete either.
    expect(failures(r.stdout)).toHaveLength(3);
    for (const state of [states.connectionExists, states.connectionExistsInOtherCase]) {
      expect(failureGiven(r.stdout, state)).toMatch(
        /still exists after the delete request: the server did not delete it/,
      );
    }
    expect(failureGiven(r.stdout, states.tokenInvalid)).toMatch(
      /could not remove fixture act-verify-\S+: Delete answered 200.*it is still there/,
    );
    expect(r.stdout).toMatch(/Fixtures left on the server/);
    expect(r.report.fixturesLeft.length).toBe(3);
  });

  it("fails for an HTML answer instead of JSON", async () => {
    const html = "<html><body><h1>Deleted</h1></body></html>";
    const r = await verifyVariant({
      reply: onDelete((_reply, ctx) =>
        ctx.outcome === "deleted"
          ? { status: 200, headers: { "content-type": "text/html;charset=UTF-8" }, body: html }
          : undefined,
      ),
    });
    expect(r.code).toBe(1);
    const block = failureGiven(r.stdout, states.connectionExists) ?? "";
    expect(block).toMatch(/header Content-Type: expected application\/json, actual text\/html/);
    expect(block).toMatch(/body/);
  });

  it("fails when Delete is routed only without the trailing slash", async () => {
    // With the slash, such a server answers its unknown-route 404.
    const r = await verifyVariant({
      reply: onDelete((_reply, ctx) => ({
        status: 404,
        headers: { "content-type": "application/json" },
        body: { timestamp: "2026-01-01T00:00:00Z", status: 404, error: "Not Found", path: ctx.path },
      })),
    });
    expect(r.code).toBe(1);
    expect(failureGiven(r.stdout, states.connectionExists)).toContain("status: expected 200, actual 404");
    expect(failureGiven(r.stdout, states.connectionMissing)).toContain("status: expected 400, actual 404");
    expect(failureGiven(r.stdout, states.projectMissing)).toContain(
      `body $.error: expected "not_found", actual "Not Found"`,
    );
  });

  it("passes when answers add fields and headers, send a charset, and word messages around other names", async () => {
    const r = await verifyVariant({
      reply: (reply, ctx) => {
        if (ctx.operation !== "delete") return undefined;
        const body = { ...(reply.body as Record<string, unknown>) };
        if (ctx.outcome === "connection-not-found")
          body["error_description"] = `No connection called '${ctx.connectionName}' in ${ctx.projectName}: not found.`;
        if (ctx.outcome === "project-not-found")
          body["error_description"] = `There is no project named ${ctx.projectName}`;
        if (ctx.outcome === "unauthorized") body["error_description"] = "Token expired or revoked";
        body["traceId"] = "abc-123";
        return {
          ...reply,
          headers: { ...reply.headers, "content-type": "application/json;charset=UTF-8", "x-request-id": "r-1" },
          body,
        };
      },
    });
    expect(r.code, r.stdout).toBe(0);
    expect(passCount(r.stdout)).toBe(interactionCount);
  });

  it("fails with a clear reason when a fixture cannot be created (Create answers 403)", async () => {
    const r = await verifyVariant({
      reply: (_reply, ctx) =>
        ctx.operation === "create"
          ? {
              status: 403,
              headers: { "content-type": "application/json" },
              body: { error: "access_denied", error_description: "Not allowed" },
            }
          : undefined,
    });
    expect(r.code).toBe(1);
    const block = failureGiven(r.stdout, states.connectionExists) ?? "";
    expect(block).toMatch(
      /could not be set up: Create Connection act-verify-\S+ in project MyProject answered 403: Not allowed/,
    );
    expect(block).toContain("the request was not sent");
    // The interactions that need no fixture still pass.
    expect(failureGiven(r.stdout, states.connectionMissing)).toBeUndefined();
    expect(r.stdout).toMatch(/^NOT VERIFIED: /m);
  });

  it("passes against a server that answers every request within --timeout, however slowly", async () => {
    // Each request takes a quarter of the timeout, and the run takes several times the timeout in
    // all: the limit holds per request, not per run. The 300 ms margin keeps it green on a loaded
    // 2-core machine (200 of 300 ms failed under load).
    const r = await verifyVariant({ delayMs: 100 }, {}, { timeoutMs: 400 });
    expect(r.code, r.stdout).toBe(0);
  });

  it("copes with a server that routes the healthcheck only with a trailing slash", async () => {
    const r = await verifyVariant({
      reply: (_reply, ctx) =>
        ctx.operation === "healthcheck" && !ctx.path.endsWith("/") ? { status: 404, headers: {}, body: "" } : undefined,
    });
    expect(r.code, r.stdout).toBe(0);
  });

  it("copes with a server whose Create is an upsert", async () => {
    const r = await verifyVariant({ createExisting: "upsert" });
    expect(r.code, r.stdout).toBe(0);
  });

  it("copes with a server whose Get answers a missing connection with 400, not 404", async () => {
    const r = await verifyVariant({
      reply: (reply, ctx) =>
        ctx.operation === "get" && ctx.outcome === "connection-not-found" ? { ...reply, status: 400 } : undefined,
    });
    expect(r.code, r.stdout).toBe(0);
  });

  it("stops before creating fixtures on a server without a Get route (it could not tell they are gone)", async () => {
    // The unknown-route 404 carries no "not found" message: it proves nothing about a fixture.
    const r = await verifyVariant({
      reply: (_reply, ctx) =>
        ctx.operation === "get"
          ? { status: 404, headers: { "content-type": "text/html" }, body: "<h1>Not Found</h1>" }
          : undefined,
    });
    expect(r.code).toBe(3); // stopped by the pre-flight, before any fixture is created
    expect(r.stdout).toMatch(
      /Get Connection of the unused name .* answered 404: "<h1>Not Found<\/h1>", expected "not found"/,
    );
  });
});
