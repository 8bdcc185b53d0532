// Issue 19, item 2: a run's fixtures are its own while it lives. Each fixture's description
// carries its run's lease; `cleanup` without a run id leaves fixtures under a live lease alone
// (and says how many, and until when), removes them with `force` or `olderThanMs`, and treats
// fixtures without a lease (earlier versions) as expired. A fixture that vanishes during a run
// is a problem of the run ("removed by someone else"), never a finding against the server.
import { describe, expect, it } from "vitest";
import { serve } from "../../../src/provider/index.js";
import { STATES } from "../../../src/rules/contract.js";
import { type CleanupOptions, cleanup, formatCleanup } from "../../../src/verify/index.js";
import { fixtureBody } from "../../../src/verify/server/admin.js";
import { leaseOf } from "../../../src/verify/server/lease.js";
import { withServers } from "../../support/lifecycle.js";
import { TOKEN, verifyCollect } from "../support/harness.js";
import { existing, interactionGiven, writePact } from "../support/pacts.js";
import { type FrontContext, startFront } from "../support/servers.js";

const PROJECT = "MyProject";
const HOUR = 3_600_000;
// A fixture whose check must keep it (an invalid token) and one a valid delete removes.
const PACT = writePact([interactionGiven(STATES.tokenInvalid), existing()]);

const names = (s: { connections(p: string): { name: string; description?: unknown }[] | undefined }) =>
  (s.connections(PROJECT) ?? []).map((c) => c.name).sort();

async function put(url: string, name: string, body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${url}/apiops/projects/${PROJECT}/connections/${encodeURIComponent(name)}/`, {
    method: "POST",
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status).toBeLessThan(300);
}

async function runCleanup(baseUrl: string, extra: Partial<CleanupOptions> = {}) {
  const lines: string[] = [];
  const report = await cleanup({
    baseUrl,
    token: TOKEN,
    projectName: PROJECT,
    timeoutMs: 5_000,
    output: { line: (t) => lines.push(t), result: () => {} },
    ...extra,
  });
  return { report, lines, text: formatCleanup(report, { color: false }) };
}

const verifyAt = (baseUrl: string) =>
  verifyCollect({
    target: { kind: "server", baseUrl, token: TOKEN, projectName: PROJECT },
    source: { kind: "files", paths: [PACT] },
    timeoutMs: 5_000,
  });

describe("fixture leases", () => {
  it("every fixture a run creates carries its run id, when it was made and until when the run may need it", async () => {
    await withServers(async (track) => {
      const s = track(await serve({ token: TOKEN, projects: [PROJECT] }));
      const seen: string[] = [];
      const front = track(
        await startFront(s.url, async (ctx) => {
          if (ctx.request.method === "POST") seen.push(String(JSON.parse(ctx.request.body).description));
          return false;
        }),
      );
      const started = Date.now();
      const r = await verifyAt(front.url);
      expect(r.report.outcome).toBe("verified");
      expect(seen).toHaveLength(2);
      for (const description of seen) {
        const lease = leaseOf(description);
        expect(lease?.runId).toBe(r.report.runId);
        expect(lease?.createdAt.getTime()).toBeGreaterThanOrEqual(started - 1000);
        // The run's bound: 2 interactions at 5 s per request and the native verifier's limit, plus the margin.
        expect(lease?.until.getTime()).toBeGreaterThan(Date.now() + 5 * 60_000);
        expect(lease?.until.getTime()).toBeLessThan(started + HOUR);
      }
    });
  });

  it("two verify runs and a cleanup at once: both pass, cleanup removes nothing of theirs and says why; --force removes what is left", async () => {
    await withServers(async (track) => {
      const s = track(await serve({ token: TOKEN, projects: [PROJECT] }));
      // Left by a killed run whose lease is still live, and by an earlier version (no lease).
      const killed = "act-verify-cccccccccccc-1";
      await put(s.url, killed, fixtureBody(killed, "cccccccccccc", new Date(Date.now() + HOUR)));
      const earlier = "act-verify-dddddddddddd-1";
      await put(s.url, earlier, fixtureBody(earlier, "dddddddddddd"));
      // Each run's first verified DELETE is held until the cleanup is over: both runs' fixtures
      // exist while it looks at the project.
      let holding = true;
      const held: (() => void)[] = [];
      let bothHeld: () => void = () => {};
      const twoHeld = new Promise<void>((resolve) => {
        bothHeld = resolve;
      });
      const front = track(
        await startFront(s.url, async (ctx: FrontContext) => {
          if (ctx.request.method !== "DELETE" || !holding) return false;
          await new Promise<void>((release) => {
            held.push(release);
            if (held.length === 2) bothHeld();
          });
          return false;
        }),
      );
      const runs = Promise.all([verifyAt(front.url), verifyAt(front.url)]);
      await twoHeld;
      holding = false; // the cleanup's own requests pass
      const during = await runCleanup(front.url);
      for (const release of held) release();
      const [a, b] = await runs;

      expect(a.report.outcome).toBe("verified");
      expect(b.report.outcome).toBe("verified");
      expect(during.report.removed).toEqual([earlier]);
      expect(during.report.leased.map((l) => l.runId).sort()).toEqual(
        [a.report.runId, a.report.runId, b.report.runId, b.report.runId, "cccccccccccc"].sort(),
      );
      expect(during.text).toMatch(
        /^Left alone: 5 fixture\(s\) of 3 verify run\(s\) that may still be in progress \(leases until \d{4}-.*Z at the latest\); --force removes them/m,
      );
      expect(names(s)).toEqual([killed]);

      const plain = await runCleanup(s.url);
      expect(plain.report.outcome).toBe("in-use");
      expect(names(s)).toEqual([killed]);
      const forced = await runCleanup(s.url, { force: true });
      expect(forced.report).toMatchObject({ outcome: "removed", removed: [killed], leased: [] });
      expect(names(s)).toEqual([]);
    });
  });

  it("--older-than removes fixtures made that long ago whatever their lease; --dry-run lists both kinds", async () => {
    await withServers(async (track) => {
      const s = track(await serve({ token: TOKEN, projects: [PROJECT] }));
      const old = "act-verify-eeeeeeeeeeee-1";
      const young = "act-verify-ffffffffffff-1";
      const until = new Date(Date.now() + 72 * HOUR);
      await put(s.url, old, fixtureBody(old, "eeeeeeeeeeee", until, new Date(Date.now() - 48 * HOUR)));
      await put(s.url, young, fixtureBody(young, "ffffffffffff", until));
      const dry = await runCleanup(s.url, { dryRun: true, olderThanMs: 24 * HOUR });
      expect(dry.report).toMatchObject({ outcome: "listed", found: [old], leased: [{ connectionName: young }] });
      expect(names(s)).toEqual([old, young]);
      const r = await runCleanup(s.url, { olderThanMs: 24 * HOUR });
      expect(r.report.removed).toEqual([old]);
      expect(names(s)).toEqual([young]);
      // Naming the run removes its fixtures whatever their lease (the command a run prints for what it left).
      const named = await runCleanup(s.url, { runId: "ffffffffffff" });
      expect(named.report.removed).toEqual([young]);
    });
  });

  it("a fixture removed by someone else during the run: a problem of the run, never a finding against the server", async () => {
    await withServers(async (track) => {
      const s = track(await serve({ token: TOKEN, projects: [PROJECT] }));
      let removedOne = false;
      const front = track(
        await startFront(s.url, async (ctx) => {
          const path = ctx.request.url.split("?")[0] ?? "";
          // The first look at a created fixture: someone else removes it just before.
          if (!removedOne && ctx.request.method === "GET" && /act-verify-[0-9a-f]{12}-\d+\/$/.test(path)) {
            removedOne = true;
            const gone = await fetch(`${s.url}${path}`, {
              method: "DELETE",
              headers: { authorization: `Bearer ${TOKEN}` },
            });
            expect(gone.status).toBe(200);
          }
          return false;
        }),
      );
      const r = await verifyAt(front.url);
      expect(removedOne).toBe(true);
      const [invalid, valid] = r.report.interactions;
      expect(invalid?.verdict).toBe("error");
      expect(invalid?.problems.join("\n")).toMatch(/was removed by someone else during the run/);
      expect(JSON.stringify(r.report)).not.toMatch(/deleted although|did not delete/);
      expect(valid?.verdict).toBe("passed");
      expect(r.report.fixturesLeft).toEqual([]);
      expect(names(s)).toEqual([]);
    });
  });
});
