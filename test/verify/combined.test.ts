// Issue 10, "Done when": one server that misbehaves in all the ways at once — a redirect on one
// interaction, an encoded echo of the token on another, a flood and a gzip bomb on two more,
// Creates that store and then reset, fail with an echo, or never answer — verified with a
// contract that also carries hostile requests and a token full of characters that need escaping.
// The run ends within its time bound, produces a report and well-formed JUnit, leaves no fixture
// it could have removed, sends nothing the gate did not approve, and shows no form of the token.
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type StandIn, serve } from "../../src/provider/index.js";
import { againstServer, type Collected, verifyCollect } from "./support/harness.js";
import { committedPact, existing, missing, writePact } from "./support/pacts.js";
import { distinctiveToken, expectNoToken } from "./support/secrets.js";
import { type FrontContext, type Received, startFront, startVictim, type TestServer } from "./support/servers.js";
import { parseXml } from "./support/xml.js";

const PROJECT = "MyProject";
const TOKEN = distinctiveToken('&<>"=');
const MiB = 1024 * 1024;
const TIMEOUT_MS = 2_000;
const bomb = (() => {
  const member = gzipSync(Buffer.alloc(16 * MiB), { level: 9 });
  return Buffer.concat(Array.from({ length: 64 }, () => member));
})();
const u = (s: string) => [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");

let standIn: StandIn;
let front: TestServer;
let victim: TestServer;
let r: Collected;
let elapsedMs = 0;
let peakGrowth = 0;
const faults = new Set<string>();

/** Misbehaves by the kind of request: each fault on requests only one interaction (or step) makes. */
async function misbehave(ctx: FrontContext): Promise<boolean> {
  const { method, url, headers } = ctx.request;
  const real = headers.authorization === `Bearer ${TOKEN}`;
  if (method === "POST" && url.includes("%20")) {
    // The names check's Creates (their names hold spaces): stored, then each ends ambiguously.
    await ctx.forward();
    const n = [...faults].filter((f) => f.startsWith("create")).length;
    faults.add(`create-${n}`);
    if (n === 0) ctx.res.socket?.resetAndDestroy();
    if (n === 1) ctx.reply(500, { "content-type": "text/plain" }, `${"x".repeat(100)}${headers.authorization}`);
    return true; // n >= 2: never answered
  }
  if (method !== "DELETE" || !real || !/\/act-verify-[0-9a-f]{12}-[^/ %]+\/$/i.test(url)) return false;
  const first = !faults.has(url);
  faults.add(url);
  if (!first) return false; // the checks and the cleanup go through
  if (/ACT-VERIFY/.test(url)) {
    faults.add("redirect");
    ctx.reply(307, { location: `${victim.url}/apiops/projects/P/connections/victim/` }, "");
  } else if (url.includes("-no-project/")) {
    faults.add("bomb");
    ctx.reply(404, { "content-type": "application/json", "content-encoding": "gzip" }, bomb);
  } else if (url.endsWith("-missing/")) {
    faults.add("flood");
    ctx.reply(400, { "content-type": "application/json" }, Buffer.alloc(20 * MiB, 0x61));
  } else {
    faults.add("echo");
    const up = await ctx.forward();
    const echo = headers.authorization ?? "";
    const body = JSON.stringify({ success: "PLACEHOLDER", deploymentResult: { success: true }, plain: echo });
    ctx.reply(
      up.status,
      { "content-type": "application/json", "content-encoding": "gzip", "x-echo": echo },
      gzipSync(body.replace('"PLACEHOLDER"', `"${u(echo)}"`)),
    );
  }
  return true;
}

beforeAll(async () => {
  standIn = await serve({
    token: TOKEN,
    projects: [PROJECT],
    connections: [{ connectionName: "my-email-connection" }],
  });
  victim = await startVictim();
  front = await startFront(standIn.url, misbehave);
  const query = existing();
  query.description = "a query naming another connection";
  query.request.query = { connectionName: ["victim"] };
  const post = missing();
  post.description = "a POST with a body";
  post.request = { ...post.request, method: "POST", body: { name: "victim" } };
  const hostile = [query, post];
  const before = process.memoryUsage.rss();
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  const started = Date.now();
  r = await verifyCollect({
    ...againstServer(front.url, {
      token: TOKEN,
      projectName: PROJECT,
      pacts: [writePact([...committedPact().interactions, ...hostile])],
      timeoutMs: TIMEOUT_MS,
    }),
    names: 3,
    nativeLog: "debug",
  });
  elapsedMs = Date.now() - started;
  clearInterval(sampler);
  peakGrowth = Math.max(peak, process.memoryUsage.rss()) - before;
}, 120_000);
afterAll(async () => {
  await Promise.all([front?.close(), victim?.close(), standIn?.close()]);
});

it("exercised every fault", () => {
  expect([...faults].filter((f) => !f.startsWith("/")).sort()).toEqual(
    ["bomb", "create-0", "create-1", "create-2", "echo", "flood", "redirect"].sort(),
  );
});

it("ends within its time bound, with bounded memory", () => {
  // Each request is bounded by the timeout; a few dozen requests, mostly answered at once.
  expect(elapsedMs).toBeLessThan(30 * TIMEOUT_MS);
  expect(peakGrowth).toBeLessThan(100 * MiB);
});

it("produces a report and well-formed JUnit text", () => {
  expect(r.report.outcome).toBe("failed");
  expect(r.reportText).toMatch(/^NOT VERIFIED: 7 interactions/m);
  expect(() => parseXml(r.junit)).not.toThrow();
});

it("leaves no fixture it could have removed, and touches nothing else", () => {
  expect(standIn.connections(PROJECT)?.map((c) => c.name)).toEqual(["my-email-connection"]);
  expect(r.report.fixturesLeft).toEqual([]);
  expect(victim.received).toEqual([]);
  const allowed = (q: Received) =>
    (q.method === "GET" && q.url.startsWith("/apiops/test/healthcheck")) ||
    (["GET", "POST", "DELETE"].includes(q.method) &&
      /^\/apiops\/projects\/MyProject\/connections\/act-verify-[^/?]+\/$/i.test(q.url)) ||
    (q.method === "DELETE" && /^\/apiops\/projects\/act-verify-[^/?]+\/connections\/act-verify-[^/?]+\/$/.test(q.url));
  expect(front.received.filter((q) => !allowed(q)).map((q) => `${q.method} ${q.url}`)).toEqual([]);
});

// Including the names check's Create answer (100 characters, then the token), which a message
// cuts at 120 characters: redacted before the cut.
it("shows no form of the token anywhere", () => {
  expectNoToken(TOKEN, r.texts);
});
