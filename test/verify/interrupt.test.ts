// Issue 10, input 9 (the API-level part): an interrupted run. Aborting `options.signal` (what the
// CLI does on Ctrl-C or SIGTERM) makes the run say at once what it is cleaning up, send nothing
// more but its cleanup, remove every fixture, and end quickly with outcome `interrupted`. The
// abort is triggered by the server's own request log (the moment a chosen request arrives).
import { describe, expect, it } from "vitest";
import { serve } from "../../src/provider/index.js";
import { closeAfterTest } from "../support/lifecycle.js";
import { againstServer, TOKEN, verifyCollect } from "./support/harness.js";
import { type FrontContext, type Received, startFront } from "./support/servers.js";

const PROJECT = "MyProject";
/**
 * Runs verify against the stand-in behind a front; aborts the moment a request `at` accepts
 * arrives (after `hold` decides whether that request is answered at all).
 */
async function interruptAt(at: (r: Received) => boolean, hold: "answer" | "never" = "answer", timeoutMs = 5_000) {
  const s = await serve({ token: TOKEN, projects: [PROJECT] });
  closeAfterTest(s);
  const controller = new AbortController();
  let abortedAt = 0;
  let said: string[] = [];
  const lines: string[] = [];
  let receivedBeforeAbort = 0;
  const front = await startFront(s.url, async (ctx: FrontContext) => {
    if (controller.signal.aborted || !at(ctx.request)) return false;
    const stored = hold === "answer" ? await ctx.forward() : undefined;
    receivedBeforeAbort = front.received.length;
    abortedAt = Date.now();
    controller.abort();
    said = [...lines]; // what the run had said when abort() returned
    if (stored) ctx.reply(stored.status, stored.headers, stored.body);
    return true;
  });
  closeAfterTest(front);
  const r = await verifyCollect(
    {
      ...againstServer(front.url, { projectName: PROJECT, timeoutMs }),
      signal: controller.signal,
    },
    (line) => lines.push(line),
  );
  const endedAfterAbortMs = Date.now() - abortedAt;
  const afterAbort = front.received.slice(receivedBeforeAbort);
  return { ...r, abortedAt, said, endedAfterAbortMs, afterAbort, stored: s.connections(PROJECT) ?? [] };
}

const cleanupOnly = (rs: Received[]) =>
  rs
    .filter(
      (q) =>
        !(
          (q.method === "DELETE" || q.method === "GET") &&
          /^\/apiops\/projects\/[^/]+\/connections\/act-verify-[0-9a-f]{12}-[a-z0-9-]+\/$/.test(q.url)
        ),
    )
    .map((q) => `${q.method} ${q.url}`);

describe("a run interrupted mid-way", () => {
  it("when the first fixture is stored: says at once what it cleans up, removes it, interrupted", async () => {
    const r = await interruptAt((q) => q.method === "POST");
    expect(r.abortedAt).toBeGreaterThan(0);
    expect(r.said.join("\n")).toMatch(
      /^Interrupted: sending nothing more; cleaning up [1-9]\d* fixture\(s\) of run [0-9a-f]{12}: act-verify-/m,
    );
    expect(r.report.outcome).toBe("interrupted");
    expect(r.stored).toEqual([]);
    expect(r.report.fixturesLeft).toEqual([]);
    expect(cleanupOnly(r.afterAbort)).toEqual([]);
    expect(r.report.interactions.filter((i) => i.verdict !== "error")).toEqual([]);
    expect(r.reportText).toMatch(/^INTERRUPTED: /m);
    expect(r.junit).toMatch(/<error message="the run was interrupted/);
  });

  it("when the verifier's first DELETE arrives: nothing more but the cleanup is sent", async () => {
    const r = await interruptAt((q) => q.method === "DELETE");
    expect(r.said.join("\n")).toMatch(/^Interrupted: .*cleaning up/m);
    expect(r.report.outcome).toBe("interrupted");
    // The checks the stop cut short are errors of the run, not contract failures.
    expect(r.report.interactions.filter((i) => i.verdict === "failed")).toEqual([]);
    expect(r.junit).not.toMatch(/<failure/);
    expect(cleanupOnly(r.afterAbort)).toEqual([]);
    expect(r.stored).toEqual([]);
  });

  it("while it checks a fixture the request kept: the cut-short check and removal are errors, not failures", async () => {
    // After a DELETE with a wrong token the fixture must still exist, so the check removes it:
    // the stop lands on that removal (which never gets an answer).
    let refusedUrl: string | undefined;
    const r = await interruptAt((q) => {
      if (q.method !== "DELETE") return false;
      if (q.headers.authorization !== `Bearer ${TOKEN}`) refusedUrl = q.url;
      return q.url === refusedUrl && q.headers.authorization === `Bearer ${TOKEN}`;
    }, "never");
    expect(refusedUrl).toBeDefined();
    expect(r.report.outcome).toBe("interrupted");
    const invalid = r.report.interactions.find((i) => /invalid token/.test(i.description));
    expect(invalid?.verdict).toBe("error");
    expect(r.report.interactions.filter((i) => i.verdict === "failed")).toEqual([]);
    expect(r.junit).not.toMatch(/<failure/);
    expect(r.stored).toEqual([]);
  });

  it("while a request hangs: ends at once, long before the request's timeout", async () => {
    const r = await interruptAt((q) => q.method === "DELETE", "never", 60_000);
    expect(r.report.outcome).toBe("interrupted");
    expect(r.endedAfterAbortMs).toBeLessThan(3_000);
    expect(r.report.interactions.filter((i) => i.verdict === "failed")).toEqual([]);
    expect(r.junit).not.toMatch(/<failure/);
    expect(r.stored).toEqual([]);
  });
});

describe("a run interrupted before it verified anything", () => {
  // An abort during the pre-flight makes its requests fail with "the run was stopped": that is
  // an interruption, not a pre-flight failure ("cannot reach …").
  it("during the pre-flight: interrupted, not a pre-flight failure", async () => {
    const r = await interruptAt((q) => q.url.startsWith("/apiops/test/healthcheck"), "never", 60_000);
    expect(r.report.outcome).toBe("interrupted");
    expect(r.endedAfterAbortMs).toBeLessThan(3_000);
  });

  // Same defect: a signal already aborted when verify is called.
  it("with a signal already aborted: interrupted, and nothing sent", async () => {
    const s = await serve({ token: TOKEN, projects: [PROJECT] });
    closeAfterTest(s);
    const front = await startFront(s.url, () => false);
    closeAfterTest(front);
    const r = await verifyCollect({
      ...againstServer(front.url, { projectName: PROJECT }),
      signal: AbortSignal.abort(),
    });
    expect(front.received).toEqual([]);
    expect(r.report.outcome).toBe("interrupted");
  });
});
