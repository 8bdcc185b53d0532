// Verification against servers that answer in the status envelope (Apinizer's pages since
// mid-2026): the faithful stand-in passes and is recognised as such; variants that break the
// envelope fail and name the difference; variants the contract allows pass.
import { describe, expect, it } from "vitest";
import type { Reply } from "../../src/provider/index.js";
import { STATES } from "../../src/rules/contract.js";
import { onDelete } from "../support/replies.js";
import { failureGiven, passCount, verifyVariant } from "./support/harness.js";

const status = { envelope: "status" } as const;
const body = (reply: Reply): Record<string, unknown> => ({ ...(reply.body as Record<string, unknown>) });

// Each case has its own stand-in and run: they run side by side.
describe.concurrent("a server answering in the status envelope", () => {
  it("passes, is detected as such before any fixture, and keeps no fixture", async () => {
    const r = await verifyVariant({}, status, { limited: true });
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/^Pre-flight: the server answers in the status envelope/m);
    expect(r.report.envelopes).toEqual(["status"]);
    expect(passCount(r.stdout)).toBe(6);
    expect(r.stdout).toMatch(/^VERIFIED: 6 interactions, 6 passed, 0 failed \(envelopes: status\)$/m);
    expect(r.standIn.connections("MyProject")).toEqual([]);
  });

  it("skips, and says why, the permission state when no limited token is given", async () => {
    const r = await verifyVariant({}, status);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^SKIP +a request to delete a connection without the permission/m);
    expect(r.stdout).toMatch(/APINIZER_LIMITED_TOKEN/);
    expect(r.stdout).toMatch(/5 passed, 0 failed, 1 skipped/);
  });

  it("fails when it answers SUCCESS but keeps the connection", async () => {
    const r = await verifyVariant({ keepOnDelete: true }, status, { limited: true });
    expect(r.code).toBe(1);
    expect(failureGiven(r.stdout, STATES.connectionExists)).toMatch(/still exists after the delete request/);
  });

  it("fails when a missing connection is answered 404", async () => {
    const r = await verifyVariant(
      {
        reply: onDelete((reply, ctx) =>
          ctx.outcome === "connection-not-found" ? { ...reply, status: 404 } : undefined,
        ),
      },
      status,
      { limited: true },
    );
    expect(r.code).toBe(1);
    expect(failureGiven(r.stdout, STATES.connectionMissing)).toContain("status: expected 400, actual 404");
  });

  it("fails when a deletion is answered 200 with FAILURE", async () => {
    const r = await verifyVariant(
      {
        reply: onDelete((reply, ctx) =>
          ctx.outcome === "deleted" ? { ...reply, body: { ...body(reply), status: "FAILURE" } } : undefined,
        ),
      },
      status,
      { limited: true },
    );
    expect(r.code).toBe(1);
    expect(failureGiven(r.stdout, STATES.connectionExists)).toMatch(
      /body \$\.status: expected "SUCCESS", actual "FAILURE"/,
    );
  });

  it('fails for a lowercase "success" status, in the contract and in the spec', async () => {
    const r = await verifyVariant(
      {
        reply: onDelete((reply, ctx) =>
          ctx.outcome === "deleted" ? { ...reply, body: { ...body(reply), status: "success" } } : undefined,
        ),
      },
      status,
      { limited: true },
    );
    expect(r.code).toBe(1);
    const block = failureGiven(r.stdout, STATES.connectionExists) ?? "";
    expect(block).toMatch(/body \$\.status: expected "SUCCESS", actual "success"/);
    expect(block).toMatch(
      /conformance: 200 \(status envelope\) \/status: expected the value "SUCCESS", actual "success"/,
    );
  });

  it("fails when authentication is not enforced", async () => {
    const r = await verifyVariant({ enforceAuth: false }, status, { limited: true });
    expect(r.code).toBe(1);
    expect(failureGiven(r.stdout, STATES.tokenInvalid)).toContain("status: expected 401, actual 200");
  });

  it("fails when Delete is routed only without the trailing slash (the slashed route is unknown)", async () => {
    const unknownRoute = onDelete((_reply, ctx) => ({
      status: 404,
      headers: { "content-type": "application/json" },
      body: { timestamp: "2026-01-01T00:00:00Z", status: 404, error: "Not Found", path: ctx.path },
    }));
    const r = await verifyVariant({ reply: unknownRoute }, status, { limited: true });
    expect(r.code).toBe(1);
    expect(failureGiven(r.stdout, STATES.connectionExists)).toContain("status: expected 200, actual 404");
    expect(failureGiven(r.stdout, STATES.connectionMissing)).toContain("status: expected 400, actual 404");
  });

  it("stops at the pre-flight when no route takes the trailing slash at all", async () => {
    const r = await verifyVariant({ trailingSlash: "absent" }, status, { limited: true });
    expect(r.code).toBe(3);
    expect(r.report.problems.join("\n")).toMatch(/Get Connection of the unused name .* expected "not found"/);
  });

  it("passes with extra fields, resultList/resultCount, a charset, and no deploymentResult for an undeployed connection", async () => {
    const r = await verifyVariant(
      {
        reply: (reply, ctx) => {
          if (ctx.operation !== "delete") return undefined;
          const b = body(reply);
          if (ctx.outcome === "deleted") delete b["deploymentResult"];
          return {
            ...reply,
            headers: { ...reply.headers, "content-type": "application/json;charset=UTF-8" },
            body: { ...b, resultList: [], resultCount: 0, traceId: "t-1", resultMessage: b["resultMessage"] ?? null },
          };
        },
      },
      status,
      { limited: true },
    );
    expect(r.code, r.stdout).toBe(0);
  });

  it("passes when Create is an upsert (the status envelope's documented behaviour)", async () => {
    const r = await verifyVariant({ createExisting: "upsert" }, status, { limited: true });
    expect(r.code, r.stdout).toBe(0);
  });

  it("stops a run forced to the success envelope at the pre-flight, before any fixture (the server's Get answered in the status envelope)", async () => {
    const r = await verifyVariant({}, status, { envelope: "success" });
    expect(r.code).toBe(3);
    expect(r.report.problems.join("\n")).toMatch(
      /the success envelope was asked for, but the server's Get Connection answered in the status envelope .*: nothing was created/,
    );
    expect(r.report.requestCount).toBe(2);
    expect(r.standIn.connections("MyProject")).toEqual([]);
  });
});
