// Issue 18: how verify speaks to a Pact Broker, for what a real broker (test/broker) cannot be
// made to do or show: 5xx/408/429 answers and Retry-After, a 400's `{"errors": …}` with a secret
// in it, a broker without the branch relation, and exactly what verify sends (selectors, WIP, no
// credentials). The double (support/broker.ts) validates requests as pact_broker 2.120 does.
import { describe, expect, it } from "vitest";
import { type StandIn, serve } from "../../src/provider/index.js";
import type { BrokerOptions, VerifyOptions } from "../../src/verify/index.js";
import { type Closeable, withServers } from "../support/lifecycle.js";
import { type BrokerBehaviour, type FakeBroker, type HeldPact, startBroker } from "./support/broker.js";
import { verifyCollect } from "./support/harness.js";
import { committedPact, type PactJson } from "./support/pacts.js";
import { distinctiveToken, expectNoToken } from "./support/secrets.js";
import { pathOf, type Received } from "./support/servers.js";

const BROKER_TOKEN = distinctiveToken();
const SERVER_TOKEN = distinctiveToken();
const publish = { providerVersion: "1.2.3", providerBranch: "main" } as const;
/** Closes what a test started when it ends (support/lifecycle.ts): the tests run side by side. */
type Track = <S extends Closeable>(s: S) => S;

async function broker(
  track: Track,
  behaviour: BrokerBehaviour = {},
  pacts: PactJson | HeldPact | (PactJson | HeldPact)[] = committedPact(),
) {
  return track(await startBroker(pacts, behaviour));
}

async function server(track: Track): Promise<StandIn> {
  return track(await serve({ token: SERVER_TOKEN, envelope: "success" }));
}

/** Verify against the stand-in served over HTTP, the pacts from `b`. */
function against(
  s: StandIn,
  b: FakeBroker,
  extra: Partial<BrokerOptions> = {},
  timeoutMs = 5_000,
): Omit<VerifyOptions, "output"> {
  return {
    target: { kind: "server", baseUrl: s.url, token: SERVER_TOKEN, projectName: s.projects()[0] ?? "" },
    source: {
      kind: "broker",
      broker: {
        url: b.url,
        auth: { token: BROKER_TOKEN },
        providerBranch: "main",
        includeWipPactsSince: "2026-01-01",
        ...extra,
      },
    },
    timeoutMs,
  };
}

/** Answers the first `times` requests that `match` accepts with `status` (and `headers`), then lets the broker answer. */
function failing(match: (r: Received) => boolean, times: number, status: number, headers: Record<string, string> = {}) {
  let left = times;
  const at: number[] = [];
  const behaviour: BrokerBehaviour = {
    answer: (r, res) => {
      if (!match(r)) return false;
      at.push(Date.now());
      if (left <= 0) return false;
      left -= 1;
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify({ error: { message: "try again later" } }));
      return true;
    },
  };
  return { behaviour, at };
}

const isForVerification = (r: Received) =>
  r.method === "POST" && pathOf(r).endsWith("/apinizer-management-api/for-verification");
const isPublication = (r: Received) => r.method === "POST" && pathOf(r).endsWith("/verification-results");

describe.concurrent("retries: 5xx, 408 and 429, with back-off and Retry-After, bounded", () => {
  // The input: one 502/503/429 ended the run (exit 4).
  it.each([502, 503, 429, 408, 500])("a %i, then the answer: the run goes on", (status) =>
    withServers(async (track) => {
      const { behaviour, at } = failing(isForVerification, 1, status, { "retry-after": "0" });
      const b = await broker(track, behaviour);
      const r = await verifyCollect(against(await server(track), b));
      expect(r.report.outcome, r.reportText).toBe("verified");
      expect(at).toHaveLength(2);
    }),
  );

  it("without Retry-After: back-off 0.5 s, then 1 s", () =>
    withServers(async (track) => {
      const { behaviour, at } = failing(isPublication, 2, 503);
      const b = await broker(track, behaviour);
      const r = await verifyCollect(against(await server(track), b, { publish }));
      expect(r.report.outcome, r.reportText).toBe("verified");
      expect(at).toHaveLength(3);
      expect((at[1] ?? 0) - (at[0] ?? 0)).toBeGreaterThanOrEqual(450);
      expect((at[2] ?? 0) - (at[1] ?? 0)).toBeGreaterThanOrEqual(950);
      expect(b.published()).toHaveLength(1);
    }));

  it("Retry-After (seconds) is honoured", () =>
    withServers(async (track) => {
      const { behaviour, at } = failing(isForVerification, 1, 429, { "retry-after": "1" });
      const b = await broker(track, behaviour);
      const r = await verifyCollect(against(await server(track), b));
      expect(r.report.outcome, r.reportText).toBe("verified");
      expect((at[1] ?? 0) - (at[0] ?? 0)).toBeGreaterThanOrEqual(950);
    }));

  it("a Retry-After longer than --timeout is not waited for: cannot run, and says why", () =>
    withServers(async (track) => {
      const { behaviour, at } = failing(isForVerification, 1, 503, { "retry-after": "120" });
      const b = await broker(track, behaviour);
      const started = Date.now();
      const r = await verifyCollect(against(await server(track), b, {}, 2_000));
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(at).toHaveLength(1);
      expect(r.report.outcome).toBe("cannot-run");
      expect(r.report.problems.join("\n")).toMatch(
        /answered 503 \(try again later\) to POST \/pacts\/provider\/apinizer-management-api\/for-verification and asked to retry in 120 s, longer than the timeout \(2 s\)/,
      );
    }));

  it("stopped while waiting to retry: ends at once, interrupted", () =>
    withServers(async (track) => {
      const { behaviour, at } = failing(isForVerification, 1, 503, { "retry-after": "20" });
      const b = await broker(track, behaviour);
      const controller = new AbortController();
      let abortedAt = 0;
      const stop = setInterval(() => {
        if (at.length === 0 || controller.signal.aborted) return;
        abortedAt = Date.now();
        controller.abort();
      }, 50);
      try {
        const r = await verifyCollect({ ...against(await server(track), b, {}, 30_000), signal: controller.signal });
        expect(abortedAt).toBeGreaterThan(0);
        expect(Date.now() - abortedAt).toBeLessThan(2_000);
        expect(at).toHaveLength(1);
        expect(r.report.outcome, r.reportText).toBe("interrupted");
      } finally {
        clearInterval(stop);
      }
    }));

  it("the whole run's waiting is bounded: past the bound, no more retries", () =>
    withServers(async (track) => {
      const { behaviour, at } = failing(isForVerification, 10, 503, { "retry-after": "1" });
      const b = await broker(track, behaviour);
      const r = await verifyCollect(against(await server(track), b, { retryBudgetMs: 1_500 }));
      expect(at).toHaveLength(2); // one wait of 1 s fits in 1.5 s; a second does not
      expect(r.report.outcome).toBe("cannot-run");
      expect(r.report.problems.join("\n")).toMatch(/already waited 1\.0 s for it to recover \(at most 1\.5 s a run\)/);
    }));

  it("a 4xx other than 408 and 429 is not retried", () =>
    withServers(async (track) => {
      const { behaviour, at } = failing(isForVerification, 1, 403);
      const b = await broker(track, behaviour);
      const r = await verifyCollect(against(await server(track), b));
      expect(at).toHaveLength(1);
      expect(r.report.outcome).toBe("cannot-run");
    }));
});

describe.concurrent("the broker's own words", () => {
  // The issue's input: a 400's {"errors": …} (a blank branch, a bad build URL) was a bare "answered 400".
  it("a 400's errors are shown, and a secret in them is redacted", () =>
    withServers(async (track) => {
      const b = await broker(track, {
        answer: (r, res) => {
          if (!isPublication(r)) return false;
          res.writeHead(400, { "content-type": "application/hal+json" });
          res.end(JSON.stringify({ errors: { buildUrl: [`is not a valid URL: https://ci/${BROKER_TOKEN}`] } }));
          return true;
        },
      });
      const r = await verifyCollect(against(await server(track), b, { publish }));
      expect(r.report.outcome).toBe("cannot-run");
      expect(r.report.problems.join("\n")).toMatch(
        /refused the verification results \(answered 400 \(buildUrl: is not a valid URL: https:\/\/ci\/\[REDACTED\]\)\)/,
      );
      expectNoToken(BROKER_TOKEN, r.texts);
    }));

  it("the broker's 400 for a matchingBranch selector without a provider branch is shown", () =>
    withServers(async (track) => {
      const b = await broker(track);
      const r = await verifyCollect(
        against(await server(track), b, { providerBranch: undefined, selectors: [{ matchingBranch: true }] }),
      );
      expect(r.report.outcome).toBe("cannot-run");
      expect(r.report.problems.join("\n")).toMatch(
        /answered 400 \(consumerVersionSelectors\[0\]: the providerVersionBranch must be specified/,
      );
    }));

  it("notices are printed: before the verification, and the one for how it went after publishing", () =>
    withServers(async (track) => {
      const b = await broker(track);
      const r = await verifyCollect(against(await server(track), b, { publish }));
      const text = r.lines.join("\n");
      expect(text).toMatch(/The pact 1 is being verified because it was given\./);
      expect(text).toMatch(/Pact 1: verified and published\./);
      expect(text).not.toMatch(/Pact 1: failed, published\./);
    }));
});

describe.concurrent("what verify sends", () => {
  it("the results name each interaction by the broker's interactionId", () =>
    withServers(async (track) => {
      const b = await broker(track);
      await verifyCollect(against(await server(track), b, { publish }));
      const [results] = b.published() as {
        testResults: { interactionId?: string; interactionDescription: string }[];
      }[];
      const ids = b.served(1).interactions.map((i) => i._id);
      expect(results?.testResults.map((t) => t.interactionId).sort()).toEqual([...ids].sort());
    }));

  it("a broker without credentials: no Authorization header, the run works", () =>
    withServers(async (track) => {
      const b = await broker(track);
      const r = await verifyCollect(against(await server(track), b, { auth: undefined, publish }));
      expect(r.report.outcome, r.reportText).toBe("verified");
      expect(b.received.filter((q) => q.headers.authorization !== undefined)).toEqual([]);
      expect(b.published()).toHaveLength(1);
    }));

  it("selectors chosen by the user replace the defaults", () =>
    withServers(async (track) => {
      const b = await broker(track);
      const chosen = [{ branch: "feat-1" }, { deployed: true, environment: "staging" }];
      await verifyCollect(against(await server(track), b, { selectors: chosen }));
      expect(b.asked().map((q) => q["consumerVersionSelectors"])).toEqual([chosen, chosen]);
    }));

  // The input: WIP pacts were silently not selected without a provider branch, though
  // --help and the docs said they were on.
  it("WIP without a provider branch: not asked for, and the run says so plainly", () =>
    withServers(async (track) => {
      const b = await broker(track, {}, [committedPact(), { pact: reordered(), wip: true }]);
      const r = await verifyCollect(against(await server(track), b, { providerBranch: undefined }));
      expect(r.lines.join("\n")).toMatch(
        /Work-in-progress pacts are not included: the Pact Broker selects them only for a provider branch \(--provider-branch\)\./,
      );
      expect(b.asked().every((q) => !("includeWipPactsSince" in q))).toBe(true);
      expect(r.report.interactions).toHaveLength(5);
    }));

  it("a WIP pact with a provider branch: selected, reported as work in progress, pending", () =>
    withServers(async (track) => {
      const broken = reordered();
      const first = broken.interactions[0];
      if (first === undefined) throw new Error("the contract has no interactions");
      first.response = { ...first.response, status: 418 };
      const b = await broker(track, {}, [committedPact(), { pact: broken, wip: true }]);
      const r = await verifyCollect(against(await server(track), b));
      expect(r.report.outcome, r.reportText).toBe("verified");
      expect(r.lines.join("\n")).toMatch(
        /Pact of apinizer-connections for apinizer-management-api, work in progress \(pending\): /,
      );
      expect(r.report.interactions.filter((i) => i.verdict === "pending")).toHaveLength(1);
    }));

  // The input: a broker before 2.84 silently got results with no branch recorded.
  it("a broker without the pb:pacticipant-branch-version relation: a problem of the run, nothing published", () =>
    withServers(async (track) => {
      const b = await broker(track, { noBranchRelation: true });
      const r = await verifyCollect(against(await server(track), b, { publish }));
      expect(r.report.outcome).toBe("cannot-run");
      expect(r.report.problems.join("\n")).toMatch(
        /has no pb:pacticipant-branch-version relation .*: the verification results were not published/,
      );
      expect(b.published()).toEqual([]);
    }));
});

describe.concurrent("--pact-url: the one pact a webhook announced", () => {
  it("verifies exactly that pact and publishes its results to it, nothing else asked", () =>
    withServers(async (track) => {
      const b = await broker(track, {}, [committedPact(), reordered()]);
      const s = await server(track);
      const r = await verifyCollect(against(s, b, { pactUrl: b.pactUrl(2), publish }));
      expect(r.report.outcome, r.reportText).toBe("verified");
      expect(r.report.interactions).toHaveLength(5);
      expect(b.asked()).toEqual([]);
      expect(b.publishedTo(2)).toHaveLength(1);
      expect(b.publishedTo(1)).toEqual([]);
    }));

  it("a pact URL on another host (the broker's own name for itself) is fetched from the configured origin", () =>
    withServers(async (track) => {
      const b = await broker(track, { linksBase: "http://pact-broker.internal" });
      expect(b.pactUrl(1)).toMatch(/^http:\/\/pact-broker\.internal\/pacts\//);
      const r = await verifyCollect(against(await server(track), b, { pactUrl: b.pactUrl(1), publish }));
      expect(r.report.outcome, r.reportText).toBe("verified");
      expect(b.publishedTo(1)).toHaveLength(1);
    }));

  it("a pact URL the broker does not know: cannot run, the broker's answer said", () =>
    withServers(async (track) => {
      const b = await broker(track);
      const r = await verifyCollect(against(await server(track), b, { pactUrl: `${b.url}/pacts/nothing` }));
      expect(r.report.outcome).toBe("cannot-run");
      expect(r.report.problems.join("\n")).toMatch(/answered 404 to GET http:\/\/127\.0\.0\.1:\d+\/pacts\/nothing/);
    }));
});

/** The committed pact with its interactions in reverse order: another pact version, the same descriptions. */
function reordered(): PactJson {
  const p = committedPact();
  p.interactions.reverse();
  return p;
}
