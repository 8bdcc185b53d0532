// Issue 10, inputs 7 and 8: the Pact Broker. A broker that accepts the connection and never
// answers cannot hang a run (bounded by the timeout; aborting the signal ends it at once), and a
// broker that refuses the published results makes the run not verified (`--publish` gates
// releases). The pacts come from a small broker on loopback; the target is the built-in stand-in.
import { afterEach, describe, expect, it } from "vitest";
import type { BrokerOptions, VerifyOptions } from "../../src/verify/index.js";
import { type BrokerBehaviour, type FakeBroker, startBroker } from "./support/broker.js";
import { verifyCollect } from "./support/harness.js";
import { committedPact } from "./support/pacts.js";
import { distinctiveToken, expectNoToken } from "./support/secrets.js";
import { pathOf, type Received, startVictim } from "./support/servers.js";

const BROKER_TOKEN = distinctiveToken();
const publish = { providerVersion: "1.2.3", providerBranch: "main" } as const;
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function broker(behaviour: BrokerBehaviour = {}): Promise<FakeBroker> {
  const b = await startBroker(committedPact(), behaviour);
  open.push(b);
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
    const r = await verifyCollect(options(b, { publish }));
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
    open.push(other);
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
    const leaked = other.received.filter((q) => JSON.stringify(q.headers).includes(BROKER_TOKEN));
    expect(leaked.map((q) => `${q.method} ${q.url}`)).toEqual([]);
    expect(r.report.outcome).not.toBe("verified");
  });
});

describe("a broker that refuses the published results", () => {
  it("publishes only what was verified, and says so (control)", async () => {
    const b = await broker();
    const r = await verifyCollect(options(b, { publish }, 5_000));
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
      const r = await verifyCollect(options(b, { publish }, 5_000));
      expect(r.report.interactions.map((i) => i.verdict)).toEqual(Array(5).fill("passed"));
      expect(r.report.outcome).not.toBe("verified");
      expect(r.report.problems.join("\n")).toMatch(/Pact Broker (refused|answered)/);
      expect(r.reportText).toMatch(/^NOT VERIFIED: /m);
    }),
  );
});
