// The spec as an executable contract during verification (issue 13): live answers checked
// against the bundled spec's schema (conformance), the documented (status, envelope) pairs a run
// saw (coverage), and generated names created and deleted through the client (--names).
import { describe, expect, it } from "vitest";
import type { Reply, ReplyContext } from "../../../src/provider/index.js";
import { pactPath, passCount, verifyCollect, verifyVariant } from "../support/harness.js";

const onDeleted =
  (rewrite: (body: Record<string, unknown>) => Record<string, unknown>) =>
  (reply: Reply, ctx: ReplyContext): Reply | undefined =>
    ctx.operation === "delete" && ctx.outcome === "deleted"
      ? { ...reply, body: rewrite({ ...(reply.body as Record<string, unknown>) }) }
      : undefined;

describe.concurrent("conformance of live answers", () => {
  it("a faithful stand-in gives no finding", async () => {
    const r = await verifyVariant({});
    expect(r.code, r.stdout).toBe(0);
    expect(r.report.interactions.flatMap((i) => i.findings)).toEqual([]);
  });

  it('deploymentResult.responseTime "12" (a string where the spec says integer): a finding naming the field, the type and the status, and the run fails', async () => {
    const r = await verifyVariant({
      reply: onDeleted((b) => ({ ...b, deploymentResult: { success: true, responseTime: "12" } })),
    });
    expect(r.code).toBe(1);
    const findings = r.report.interactions.flatMap((i) => i.findings);
    expect(findings).toContainEqual(
      expect.objectContaining({
        status: 200,
        envelope: "success",
        field: "/deploymentResult/responseTime",
        expected: "type integer or null",
        actual: '"12"',
      }),
    );
    expect(r.stdout).toContain(
      'conformance: 200 (success envelope) /deploymentResult/responseTime: expected type integer or null, actual "12"',
    );
    // The pact alone would have passed: it matches a subset of the body.
    expect(r.report.interactions.filter((i) => i.verdict === "failed").every((i) => i.differences.length === 0)).toBe(
      true,
    );
  });

  it("with conformance: report, the same finding is shown but does not fail the run", async () => {
    const r = await verifyVariant(
      { reply: onDeleted((b) => ({ ...b, deploymentResult: { success: true, responseTime: "12" } })) },
      {},
      { conformance: "report" },
    );
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain("/deploymentResult/responseTime: expected type integer");
  });

  it("the fixture steps' answers (Create, Get) are checked against their own operations: reported, not failing the run", async () => {
    const r = await verifyVariant({
      reply: (reply, ctx) => {
        const body = reply.body as Record<string, unknown>;
        if (ctx.operation === "get" && ctx.outcome === "found")
          return { ...reply, body: { ...body, resultCount: "1" } };
        if (ctx.operation === "create" && ctx.outcome === "created") {
          return { ...reply, body: { ...body, deploymentResult: { success: "yes" } } };
        }
        return undefined;
      },
    });
    expect(r.code, r.stdout).toBe(0);
    const findings = r.report.interactions.flatMap((i) => i.findings);
    expect(findings).toContainEqual(
      expect.objectContaining({
        operation: "POST /apiops/projects/{projectName}/connections/{connectionName}/",
        fixtureStep: true,
        status: 200,
        field: "/deploymentResult/success",
        expected: "type boolean",
      }),
    );
    expect(findings.every((f) => f.fixtureStep === true)).toBe(true);
    expect(r.stdout).toContain(
      "conformance (fixture step POST /apiops/projects/{projectName}/connections/{connectionName}/, not failing): 200 (success envelope) /deploymentResult/success: expected type boolean",
    );
  });

  it("an undocumented 2xx (202) is a finding about the status", async () => {
    const r = await verifyVariant({
      reply: (reply, ctx) =>
        ctx.operation === "delete" && ctx.outcome === "deleted" ? { ...reply, status: 202 } : undefined,
    });
    expect(r.code).toBe(1);
    expect(r.report.interactions.flatMap((i) => i.findings)).toContainEqual(
      expect.objectContaining({
        status: 202,
        field: "",
        expected: expect.stringMatching(/^a documented status \(200, 400, 401, 404, 500\)$/),
      }),
    );
  });
});

describe.concurrent("status coverage", () => {
  it("lists each documented (status, envelope) with whether the run saw it", async () => {
    const r = await verifyVariant({});
    expect(r.report.coverage).toEqual([
      { status: 200, envelope: "success", exercised: true },
      { status: 400, envelope: "success", exercised: true },
      { status: 401, envelope: "success", exercised: true },
      { status: 404, envelope: "success", exercised: true },
    ]);
    expect(r.stdout).toMatch(/^ {2}success envelope: 200 seen, 400 seen, 401 seen, 404 seen$/m);
  });

  it("--require-coverage fails a run that did not see a documented status (a pact without the 404 interaction)", async () => {
    const r = await verifyVariant({}, {}, { requireCoverage: true, shard: { index: 1, count: 2 } });
    expect(r.report.coverage.some((c) => !c.exercised)).toBe(true);
    expect(r.code).toBe(1);
    expect(r.report.problems.join("\n")).toMatch(/documented answers not exercised \(--require-coverage\): /);
  });

  it("--require-coverage passes a run that saw every documented status of its envelope", async () => {
    const r = await verifyVariant({}, {}, { requireCoverage: true });
    expect(r.code, r.stdout).toBe(0);
  });

  it("in the status envelope a 500 is listed but not required (a server error cannot be provoked)", async () => {
    const r = await verifyVariant({}, { envelope: "status" }, { requireCoverage: true, limited: true });
    expect(r.report.coverage).toContainEqual({ status: 500, envelope: "status", exercised: false });
    expect(r.code, r.stdout).toBe(0);
  });
});

describe.concurrent("--names: generated legal names, created and deleted through the client", () => {
  it("finds nothing against the faithful stand-in, and leaves nothing", async () => {
    const r = await verifyVariant({}, {}, { names: 12 });
    expect(r.code, r.stdout).toBe(0);
    expect(r.report.names).toEqual({ checked: 12, mishandled: [] });
    expect(r.standIn.connections("MyProject")).toEqual([]);
    expect(passCount(r.stdout)).toBe(5);
  });

  it("against the built-in stand-in, both envelopes' checks are in the report (not only the last)", async () => {
    const r = await verifyCollect({
      target: { kind: "stand-in" },
      source: { kind: "files", paths: [pactPath] },
      timeoutMs: 5_000,
      names: 3,
    });
    expect(r.report.outcome).toBe("verified");
    expect(r.report.names).toEqual({ checked: 6, mishandled: [] });
  });

  it("reports the names a server that reads '+' as a space mishandles, and only those", async () => {
    const r = await verifyVariant({ nameTransform: (name) => name.replace(/\+/g, " ") }, {}, { names: 12 });
    const bad = r.report.names?.mishandled ?? [];
    expect(bad.length).toBeGreaterThan(0);
    for (const m of bad) expect(m.name).toContain("+");
    expect((r.report.names?.checked ?? 0) - bad.length).toBeGreaterThan(0);
    expect(r.stdout).toMatch(/Names: 12 generated names checked, [1-9]\d* mishandled/);
    expect(r.standIn.connections("MyProject")).toEqual([]);
  });
});
