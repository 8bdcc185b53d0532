// Issue 10, input 4: floods. A 20 MiB answer, a gzip bomb (about 1 MiB on the wire, 1 GiB
// inflated), an answer that never ends: verify reads at most 1 MiB of any answer (after
// decompression), shows a short marker instead of the body, keeps its memory bounded, and still
// produces its report and JUnit text and cleans up. Each case runs against the stand-in behind a
// front that floods the chosen answers.
import type { ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { serve } from "../../../src/provider/index.js";
import { MAX_BODY_BYTES } from "../../../src/rules/limits.js";
import { closeAfterTest } from "../../support/lifecycle.js";
import { againstServer, TOKEN, verifyCollect } from "../support/harness.js";
import { type FrontContext, startFront } from "../support/servers.js";

const PROJECT = "MyProject";
const MARKER = `[body not shown: larger than ${MAX_BODY_BYTES} bytes]`;
const MiB = 1024 * 1024;
/** Writes `chunk` until `total` bytes are out (Infinity: until the reader goes away), minding backpressure. */
async function stream(res: ServerResponse, headers: Record<string, string>, chunk: Buffer, total: number) {
  res.writeHead(200, headers);
  let sent = 0;
  res.on("error", () => {});
  const writable = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        res.off("drain", done);
        res.off("close", done);
        resolve();
      };
      res.on("drain", done);
      res.on("close", done);
    });
  while (sent < total && !res.destroyed) {
    if (!res.write(chunk)) await writable();
    sent += chunk.length;
  }
  if (!res.destroyed) res.end();
}

/** 1 GiB of zeros as 64 gzip members of 16 MiB each: about 1 MiB on the wire. */
const bomb = (() => {
  const member = gzipSync(Buffer.alloc(16 * MiB), { level: 9 });
  return Buffer.concat(Array.from({ length: 64 }, () => member));
})();

const json = { "content-type": "application/json" };
const padding = Buffer.from(`{"success":true,"pad":"${"a".repeat(64 * 1024 - 30)}`);

type Flood = (ctx: FrontContext) => Promise<void>;
const floods: Record<string, Flood> = {
  // The inputs.
  "a 20 MiB answer": (ctx) => stream(ctx.res, json, padding, 20 * MiB),
  "a gzip bomb (1 GiB from 1 MiB)": async (ctx) => {
    ctx.res.writeHead(200, { ...json, "content-encoding": "gzip", "content-length": String(bomb.length) });
    ctx.res.end(bomb);
  },
  // Variants of the same kind.
  "an answer that never ends": (ctx) => stream(ctx.res, json, padding, Number.POSITIVE_INFINITY),
  "a chunked answer just over the limit": (ctx) => stream(ctx.res, json, padding, MAX_BODY_BYTES + padding.length),
};

async function runFlooded(when: (ctx: FrontContext) => boolean, flood: Flood) {
  const s = await serve({ token: TOKEN, projects: [PROJECT] });
  closeAfterTest(s);
  let flooded = 0;
  const front = await startFront(s.url, async (ctx) => {
    if (!when(ctx)) return false;
    flooded += 1;
    if (ctx.request.method !== "GET") await ctx.forward(); // the server did what was asked, then floods
    await flood(ctx);
    return true;
  });
  closeAfterTest(front);
  // The run's own peak: sampled while it runs (the process's maxRSS keeps earlier tests' peaks).
  const before = process.memoryUsage.rss();
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  const r = await verifyCollect({
    ...againstServer(front.url, { projectName: PROJECT, timeoutMs: 10_000 }),
    nativeLog: "debug",
  });
  clearInterval(sampler);
  const peakGrowth = Math.max(peak, process.memoryUsage.rss()) - before;
  expect(flooded, "nothing was flooded: the case tests nothing").toBeGreaterThan(0);
  return { ...r, peakGrowth, left: s.connections(PROJECT) ?? [] };
}

describe("a flood in answer to the verified DELETE", () => {
  const deletedOf = (r: Awaited<ReturnType<typeof runFlooded>>) =>
    r.report.interactions.find((i) => i.description === "a request to delete an existing connection");

  it.each(Object.entries(floods))("%s: bounded, a short marker, a report and a cleanup", async (_name, flood) => {
    const r = await runFlooded((ctx) => ctx.request.method === "DELETE", flood);
    expect(r.peakGrowth, "peak memory grew by 100 MB or more").toBeLessThan(100 * MiB);
    expect(deletedOf(r)?.verdict).toBe("failed");
    // The native verifier was given the short marker instead of the body.
    expect(r.native).toContain(MARKER);
    // Short output, whatever the verifier logs at debug level.
    expect(Object.values(r.texts).join("").length).toBeLessThan(512 * 1024);
    expect(r.reportText).toMatch(/^NOT VERIFIED: 5 interactions/m);
    expect(r.junit).toMatch(/<testsuites [^>]*tests="5"/);
    expect(r.left).toEqual([]);
    expect(r.report.fixturesLeft).toEqual([]);
  });

  // The marker reply is text/plain: the verdict must not blame a content type the server never
  // sent, and must say (with the native log off, the default) that the body was over 1 MiB.
  it("the verdict says the body was too large, and blames no content type the server did not send", async () => {
    const r = await runFlooded((ctx) => ctx.request.method === "DELETE", floods["a 20 MiB answer"] as Flood);
    const said = [...(deletedOf(r)?.problems ?? []), ...(deletedOf(r)?.differences ?? [])].join("\n");
    expect(said).toMatch(/larger than 1048576 bytes|larger than 1 MiB/);
    expect(said).not.toMatch(/actual text\/plain/);
  });
});

describe("a flood in answer to verify's own requests", () => {
  it("a 20 MiB answer to Create: a state that could not be set up, and the fixture removed", async () => {
    const r = await runFlooded((ctx) => ctx.request.method === "POST", floods["a 20 MiB answer"] as Flood);
    expect(r.peakGrowth).toBeLessThan(100 * MiB);
    const problems = r.report.interactions.flatMap((i) => i.problems).join("\n");
    expect(problems).toMatch(/could not be set up: Create Connection \S+ in project MyProject answered 200/);
    expect(problems.length).toBeLessThan(10_000);
    expect(r.left).toEqual([]);
  });

  it("a gzip bomb in answer to every Get after the pre-flight: fixtures listed as left, memory bounded", async () => {
    // The pre-flight's Get of its unused probe name answers normally.
    const r = await runFlooded(
      (ctx) => ctx.request.method === "GET" && /\/connections\/act-verify-.*(?<!-probe)\/$/.test(ctx.request.url),
      floods["a gzip bomb (1 GiB from 1 MiB)"] as Flood,
    );
    expect(r.peakGrowth).toBeLessThan(100 * MiB);
    // No Get could prove a fixture gone: each one is listed with the command that removes it.
    expect(r.report.fixturesLeft.length).toBeGreaterThan(0);
    for (const f of r.report.fixturesLeft) expect(f.command).toContain(f.connectionName);
    expect(r.reportText).toMatch(/Fixtures left on the server/);
  });
});
