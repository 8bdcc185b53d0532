// Issue 11 item 3 and issue 12 item 4, at the API level: each interaction's result is given as
// soon as it is complete (not all at the end), in the pact's order; the native verifier's own
// log reaches `output.native` only when asked for; nothing verify says carries colour codes; and
// the run sends no redundant request (counted by the server itself, and reported honestly).
import { describe, expect, it } from "vitest";
import { serve } from "../../src/provider/index.js";
import { type InteractionResult, verify } from "../../src/verify/index.js";
import { closeAfterTest } from "../support/lifecycle.js";
import { pactPath, TOKEN, verifyCollect } from "./support/harness.js";
import { committedPact } from "./support/pacts.js";

const PROJECT = "MyProject";
async function standIn(delayMs = 0) {
  const log: { method: string; path: string }[] = [];
  const s = await serve({
    token: TOKEN,
    projects: [PROJECT],
    behaviour: { delayMs },
    onRequest: (e) => log.push({ method: e.method, path: e.path }),
  });
  closeAfterTest(s);
  return { s, log };
}

const target = (url: string) => ({ kind: "server", baseUrl: url, token: TOKEN, projectName: PROJECT }) as const;
const files = { kind: "files", paths: [pactPath] } as const;

describe("live output", () => {
  it("gives each result when it is complete, in the pact's order, long before the run ends", async () => {
    const { s, log } = await standIn(50);
    const events: string[] = [];
    const results: InteractionResult[] = [];
    const report = await verify({
      target: target(s.url),
      source: files,
      timeoutMs: 5_000,
      output: {
        line: () => {},
        result: (r) => {
          results.push(r);
          events.push(`result ${r.description} after ${log.length} requests`);
        },
      },
    });
    expect(results.map((r) => r.description)).toEqual(committedPact().interactions.map((i) => i.description));
    // The first result came while requests of later interactions were still to be sent.
    const firstAt = Number(/after (\d+) requests/.exec(events[0] ?? "")?.[1]);
    expect(firstAt).toBeLessThan(report.requestCount - 3);
  });

  it("gives the native verifier's log only when asked for, and colour codes never", async () => {
    const { s } = await standIn();
    const quiet = await verifyCollect({ target: target(s.url), source: files, timeoutMs: 5_000 });
    expect(quiet.native).toBe("");
    const chatty = await verifyCollect({ target: target(s.url), source: files, timeoutMs: 5_000, nativeLog: "info" });
    expect(chatty.native).toMatch(/Verifying a pact between/);
    for (const r of [quiet, chatty])
      for (const text of Object.values(r.texts)) expect(text.includes("\u001b[")).toBe(false);
  });
});

describe("request economy (5-interaction contract)", () => {
  it("sends what the safety checks need and nothing more, and counts it honestly", async () => {
    const { s, log } = await standIn();
    const r = await verifyCollect({ target: target(s.url), source: files, timeoutMs: 5_000 });
    expect(r.report.outcome).toBe("verified");
    expect(r.report.requestCount).toBe(log.length);
    const count = (method: string, test: (p: string) => boolean = () => true) =>
      log.filter((e) => e.method === method && test(e.path)).length;
    // Pre-flight: the healthcheck and one Get of an unused name.
    expect(count("GET", (p) => p.startsWith("/apiops/test/healthcheck"))).toBe(1);
    expect(count("GET", (p) => p.endsWith("-probe/"))).toBe(1);
    // One Create per fixture (no "is this name free" Get before it); one verified DELETE per
    // interaction; per fixture one Get just before its request (was it removed by someone else?)
    // and one to see what the DELETE did; the one fixture that must survive (the invalid token's)
    // deleted and confirmed gone; no cleanup for what was seen gone.
    expect(count("POST")).toBe(3);
    expect(count("DELETE")).toBe(5 + 1);
    expect(count("GET", (p) => p.includes("/connections/act-verify-") && !p.endsWith("-probe/"))).toBe(3 + 3 + 1);
    expect(log).toHaveLength(18);
  });
});
