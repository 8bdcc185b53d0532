// Issue 10, inputs 7 and 8: the Pact Broker. A broker that accepts the connection and never
// answers cannot hang a run (bounded by the timeout; aborting the signal ends it at once), and a
// broker that refuses the published results makes the run not verified (`--publish` gates
// releases). What is published: only a real server's results (never the built-in stand-in's),
// never a shard's, once per pact with that pact's own interactions. The pacts come from a small
// broker on loopback; the target is the built-in stand-in, or (to publish) the stand-in served
// over HTTP as a real server.
import { describe, expect, it } from "vitest";
import { type StandIn, serve } from "../../src/provider/index.js";
import type { Envelope } from "../../src/rules/envelope.js";
import type { BrokerOptions, VerifyOptions } from "../../src/verify/index.js";
import { closeAfterTest } from "../support/lifecycle.js";
import { type BrokerBehaviour, type FakeBroker, startBroker } from "./support/broker.js";
import { verifyCollect } from "./support/harness.js";
import { committedPact, committedStatusPact, type PactJson } from "./support/pacts.js";
import { distinctiveToken, expectNoToken } from "./support/secrets.js";
import { pathOf, type Received, startVictim } from "./support/servers.js";

const BROKER_TOKEN = distinctiveToken();
const SERVER_TOKEN = distinctiveToken();
const publish = { providerVersion: "1.2.3", providerBranch: "main" } as const;
async function broker(behaviour: BrokerBehaviour = {}): Promise<FakeBroker> {
  const b = await startBroker(committedPact(), behaviour);
  closeAfterTest(b);
  return b;
}

/** A broker for one test that may run beside others (closed when `body` ends). */
async function withBroker<T>(behaviour: BrokerBehaviour, body: (b: FakeBroker) => Promise<T>): Promise<T> {
  const b = await startBroker(committedPact(), behaviour);
  try {
    return await body(b);
  } finally {
    await b.close();
  }
}

/** A faithful server (the stand-in over HTTP), closed after the test: the only kind of target whose results are published. */
async function server(envelope: Envelope = "success"): Promise<StandIn> {
  const s = await serve({ token: SERVER_TOKEN, envelope });
  closeAfterTest(s);
  return s;
}

/** A faithful server for one test that may run beside others (closed when `body` ends). */
async function withServer<T>(body: (s: StandIn) => Promise<T>): Promise<T> {
  const s = await serve({ token: SERVER_TOKEN });
  try {
    return await body(s);
  } finally {
    await s.close();
  }
}

/** `options(b, …)` against the server `s` instead of the built-in stand-in. */
function against(s: StandIn, b: FakeBroker, extra: Partial<BrokerOptions> = {}, timeoutMs = 5_000) {
  const target = { kind: "server", baseUrl: s.url, token: SERVER_TOKEN, projectName: s.projects()[0] ?? "" } as const;
  return { ...options(b, extra, timeoutMs), target };
}

function options(b: FakeBroker, extra: Partial<BrokerOptions> = {}, timeoutMs = 1_000): Omit<VerifyOptions, "output"> {
  return {
    target: { kind: "stand-in" },
    source: {
      kind: "broker",
      broker: { url: b.url, auth: { token: BROKER_TOKEN }, includeWipPactsSince: "2026-01-01", ...extra },
    },
    timeoutMs,
  };
}

const isPublication = (r: Received) => r.method === "POST" && pathOf(r).endsWith("/verification-results");

describe("a broker that does not answer", () => {
  // The input first: accepts the connection, never answers anything.
  const silences: Record<string, BrokerBehaviour> = {
    "never answers": { silent: () => true },
    "answers the index, never the pacts for verification": { silent: (r) => r.method === "POST" },
    "sends headers, then drips its body forever": {
      answer: (r, res) => {
        if (pathOf(r) !== "/") return false;
        res.writeHead(200, { "content-type": "application/hal+json" });
        const drip = setInterval(() => res.write(" "), 50);
        res.on("close", () => clearInterval(drip));
        return true;
      },
    },
  };

  it.concurrent.each(Object.entries(silences))("%s: the run ends within its timeout, cannot run", (_name, behaviour) =>
    withBroker(behaviour, async (b) => {
      const started = Date.now();
      const r = await verifyCollect(options(b));
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(r.report.outcome).toBe("cannot-run");
      expect(r.report.problems.join("\n")).toMatch(/Pact Broker .* did not answer: no complete answer within 1 s/);
      expect(r.junit).toMatch(/<error message="the Pact Broker/);
      expectNoToken(BROKER_TOKEN, r.texts);
    }),
  );

  it("aborting the signal ends the run at once, interrupted", async () => {
    const b = await broker({ silent: () => true });
    const controller = new AbortController();
    void b.next().then(() => controller.abort());
    let abortedAt = 0;
    controller.signal.addEventListener("abort", () => {
      abortedAt = Date.now();
    });
    const r = await verifyCollect({ ...options(b, {}, 60_000), signal: controller.signal });
    expect(abortedAt).toBeGreaterThan(0);
    expect(Date.now() - abortedAt).toBeLessThan(1_000);
    expect(r.report.outcome).toBe("interrupted");
  });

  it("a broker silent when the results are published: bounded, not verified", async () => {
    const b = await broker({ silent: isPublication });
    const started = Date.now();
    const r = await verifyCollect(against(await server(), b, { publish }, 1_000));
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(b.received.some(isPublication)).toBe(true);
    expect(r.report.outcome).not.toBe("verified");
    expect(r.report.problems.join("\n")).toMatch(/not published/);
  });
});

describe("a broker whose links point at another host", () => {
  // HAL links are data from the broker: following one to another origin with the broker's
  // credentials hands them to that host (as a redirect across origins would).
  // Links, pact `self` hrefs and publication URLs on another origin are never called with the
  // broker's Authorization header.
  it("the broker's token never goes to another host", async () => {
    const other = await startVictim();
    closeAfterTest(other);
    const b = await broker({
      answer: (r, res) => {
        if (pathOf(r) !== "/") return false;
        const body = JSON.stringify({
          _links: {
            "pb:provider-pacts-for-verification": { href: `${other.url}/pacts/provider/{provider}/for-verification` },
          },
        });
        res.writeHead(200, { "content-type": "application/hal+json" });
        res.end(body);
        return true;
      },
    });
    const r = await verifyCollect(options(b));
    expect(other.received.map((q) => `${q.method} ${q.url}`)).toEqual([]);
    // Followed on the configured origin, as Pact's verifier does: the broker's own path and query.
    expect(r.report.outcome, r.reportText).toBe("verified");
    expect(b.received.map((q) => `${q.method} ${pathOf(q)}`)).toContain(
      "POST /pacts/provider/apinizer-management-api/for-verification",
    );
  });

  // Issue 18: the broker writes every link from its own base URL (an internal name, http behind a
  // TLS proxy); verify refused them ("pointed to another host") and could not run. Every link
  // (index, pact self, publication) is followed on the configured origin with its path and query.
  it("links written from another base URL are followed on the configured origin, results published there", async () => {
    const b = await broker({ linksBase: "https://pact-broker.internal:8443" });
    const r = await verifyCollect(against(await server(), b, { publish }));
    expect(r.report.outcome, r.reportText).toBe("verified");
    expect(b.published()).toHaveLength(1);
    expect(r.lines.join("\n")).not.toMatch(/pact-broker\.internal/);
    expectNoToken(BROKER_TOKEN, r.texts);
  });
});

describe("a broker that refuses the published results", () => {
  it("publishes only what was verified, and says so (control)", async () => {
    const b = await broker();
    const r = await verifyCollect(against(await server(), b, { publish }));
    expect(r.report.outcome, r.reportText).toBe("verified");
    const [results] = b.published() as { success: boolean; testResults: unknown[] }[];
    expect(results?.success).toBe(true);
    expect(results?.testResults).toHaveLength(5);
    expect(r.lines.join("\n")).toMatch(/Published the verification results/);
  });

  // The input first (404 on the results), then other refusals.
  const refusals: Record<string, BrokerBehaviour> = {
    "404 on the verification results": { publishStatus: 404 },
    "500 on the verification results": { publishStatus: 500 },
    "a redirect on the verification results": { publishStatus: 302 },
    "404 on the provider version's branch": { branchStatus: 404 },
  };
  it.concurrent.each(Object.entries(refusals))("%s: a run problem, never verified", (_name, behaviour) =>
    withBroker(behaviour, async (b) => {
      const r = await withServer((s) => verifyCollect(against(s, b, { publish })));
      expect(r.report.interactions.map((i) => i.verdict)).toEqual(Array(5).fill("passed"));
      expect(r.report.outcome).not.toBe("verified");
      expect(r.report.problems.join("\n")).toMatch(/Pact Broker (refused|answered)/);
      expect(r.reportText).toMatch(/^NOT VERIFIED: /m);
    }),
  );
});

describe("what is published, and where", () => {
  const isBroker = (b: FakeBroker) => b.received.map((q) => `${q.method} ${pathOf(q)}`);

  // Review H2: results against the built-in stand-in are not the provider's; published, they
  // would let can-i-deploy pass on the strength of the stand-in.
  it("refuses to publish the built-in stand-in's results: usage, nothing sent to the broker", async () => {
    const b = await broker();
    const r = await verifyCollect(options(b, { publish }, 5_000));
    expect(r.report.outcome).toBe("usage");
    expect(r.report.problems.join("\n")).toMatch(/publishing needs a real server .*built-in stand-in/);
    expect(r.report.interactions).toEqual([]);
    expect(isBroker(b)).toEqual([]);
  });

  // Review H3: a shard verifies part of each pact; each shard's result would stand for the whole
  // pact (the last one published wins).
  it("refuses to publish a shard's results: usage, nothing sent to the broker or the server", async () => {
    const b = await broker();
    const s = await server();
    const r = await verifyCollect({ ...against(s, b, { publish }), shard: { index: 1, count: 2 } });
    expect(r.report.outcome).toBe("usage");
    expect(r.report.problems.join("\n")).toMatch(/publishing cannot be combined with a shard/);
    expect(isBroker(b)).toEqual([]);
    expect(r.report.requestCount).toBe(0);
  });

  /** Two pacts of one consumer with the same descriptions: its main branch's and its deployed version's. */
  const twoVersions = (deployed?: PactJson): PactJson[] => {
    // Two versions with the same descriptions; identical content would be one pact version (the
    // broker merges them), so the deployed one lists its interactions in another order.
    const other = committedPact();
    other.interactions.reverse();
    return [committedPact(), deployed ?? other];
  };
  type Published = { success: boolean; testResults: { interactionDescription: string; success: boolean }[] };
  const publishedTo = (b: FakeBroker, n: number) => b.publishedTo(n) as Published[];

  // Review H3: --workers splits one run, which still verifies every interaction of each pact.
  it("with 2 workers: every interaction of each pact verified, one publication per pact", async () => {
    const both = await startBroker(twoVersions());
    closeAfterTest(both);
    const r = await verifyCollect({ ...against(await server(), both, { publish }), workers: 2 });
    expect(r.report.outcome, r.reportText).toBe("verified");
    expect(r.report.interactions).toHaveLength(10);
    for (const n of [1, 2]) {
      const sets = publishedTo(both, n);
      expect(sets, `pact ${n}`).toHaveLength(1);
      expect(sets[0]?.success).toBe(true);
      expect(sets[0]?.testResults.map((t) => t.interactionDescription).sort()).toEqual(
        committedPact()
          .interactions.map((i) => i.description)
          .sort(),
      );
    }
    expect(both.published()).toHaveLength(2);
    // The provider version goes on its branch once, not once per pact.
    expect(both.received.filter((q) => q.method === "PUT").map((q) => q.url)).toEqual([
      expect.stringMatching(/^\/pacticipants\/apinizer-management-api\/branches\/[^/]+\/versions\/[^/]+$/),
    ]);
  });

  // Review H4: results were matched to pacts by description, so every result went to the first
  // pact of the consumer (duplicated) and the second got nothing.
  it("two pacts of one consumer with the same descriptions: each gets its own results, once", async () => {
    const deployed = committedPact();
    // The deployed version has one interaction fewer, and expects another status of one the server answers.
    const [kept, changed] = [deployed.interactions.slice(1), deployed.interactions[1]];
    if (changed === undefined) throw new Error("the contract has fewer than two interactions");
    changed.response = { ...changed.response, status: 418 };
    deployed.interactions = kept;
    const b = await startBroker(twoVersions(deployed));
    closeAfterTest(b);
    const r = await verifyCollect(against(await server(), b, { publish }));
    expect(r.report.interactions).toHaveLength(5 + 4);
    const [main] = publishedTo(b, 1);
    const [other] = publishedTo(b, 2);
    expect(publishedTo(b, 1)).toHaveLength(1);
    expect(publishedTo(b, 2)).toHaveLength(1);
    expect(main?.success).toBe(true);
    expect(main?.testResults.map((t) => t.success)).toEqual(Array(5).fill(true));
    expect(other?.success).toBe(false);
    expect(other?.testResults.map((t) => [t.interactionDescription, t.success])).toEqual(
      kept.map((i) => [i.description, i !== changed]),
    );
    expect(r.lines.filter((l) => l.startsWith("Published"))).toEqual([
      expect.stringMatching(/for a pact of apinizer-connections \(success: 5 of 5 interaction\(s\) passed\)\.$/),
      expect.stringMatching(/\(failure: 3 of 4 interaction\(s\) passed\)\.$/),
    ]);
  });

  // A skipped interaction (the permission state without a limited token) was not verified: it is
  // left out of the test results, and the pact's verification is a failure, though the run passes.
  it("a skipped interaction is never published as verified", async () => {
    const b = await startBroker(committedStatusPact());
    closeAfterTest(b);
    const r = await verifyCollect(against(await server("status"), b, { publish }));
    expect(r.report.outcome, r.reportText).toBe("verified");
    expect(r.report.interactions.map((i) => i.verdict).filter((v) => v === "skipped")).toHaveLength(1);
    const [results] = b.published() as Published[];
    expect(b.published()).toHaveLength(1);
    expect(results?.success).toBe(false);
    expect(results?.testResults).toHaveLength(5);
    expect(r.lines.join("\n")).toMatch(/\(failure: 5 of 6 interaction\(s\) passed; 1 not verified in this run\)/);
  });

  // An interaction the run cannot read (not a JSON object) is not verified, so the pact is not either.
  it("a pact with an interaction the run cannot read is published as a failure", async () => {
    const pact = committedPact();
    const b = await startBroker({ ...pact, interactions: [...pact.interactions, 42 as never] });
    closeAfterTest(b);
    const r = await verifyCollect(against(await server(), b, { publish }));
    expect(r.report.interactions.map((i) => i.verdict)).toEqual(Array(5).fill("passed"));
    const [results] = b.published() as Published[];
    expect(results?.success).toBe(false);
    expect(results?.testResults).toHaveLength(5);
  });
});
