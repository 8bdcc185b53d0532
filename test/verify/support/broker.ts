// A small Pact Broker on loopback for the verify tests: the HAL index, the pacts for
// verification of each provider, the pacts themselves (`/pacts/1`, `/pacts/2`, … in the order
// given), and the two publication endpoints (the provider version on its branch, each pact's
// verification results), each answer replaceable.
import type { ServerResponse } from "node:http";
import type { PactJson } from "./pacts.js";
import { pathOf, type Received, startServer, type TestServer } from "./servers.js";

export interface BrokerBehaviour {
  /** Requests the broker accepts and never answers. */
  readonly silent?: (r: Received) => boolean;
  /** Status of the verification results publication (default 201). */
  readonly publishStatus?: number;
  /** Status of recording the provider version on its branch (default 200). */
  readonly branchStatus?: number;
  /** Answers chosen requests itself (true when it did). */
  readonly answer?: (r: Received, res: ServerResponse) => boolean;
}

export interface FakeBroker extends TestServer {
  /** Bodies of the verification results posted (to any pact), parsed. */
  readonly published: () => unknown[];
  /** Bodies of the verification results posted to pact `n` (1-based, in the order given), parsed. */
  readonly publishedTo: (n: number) => unknown[];
}

const hal = (res: ServerResponse, status: number, body: unknown): void => {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/hal+json", "content-length": Buffer.byteLength(text) });
  res.end(text);
};

/** Serves `pacts` (each for its own provider) to the verifier; records everything. */
export async function startBroker(
  pacts: PactJson | readonly PactJson[],
  behaviour: BrokerBehaviour = {},
): Promise<FakeBroker> {
  const all = Array.isArray(pacts) ? (pacts as readonly PactJson[]) : [pacts as PactJson];
  const results = (n: number) => `/pacts/${n}/verification-results`;
  let base = "";
  const server = await startServer((r, res) => {
    if (behaviour.silent?.(r)) return; // accepted, never answered
    if (behaviour.answer?.(r, res)) return;
    const path = pathOf(r);
    if (r.method === "GET" && path === "/") {
      return hal(res, 200, {
        _links: {
          "pb:provider-pacts-for-verification": { href: `${base}/pacts/provider/{provider}/for-verification` },
          "pb:pacticipant-branch-version": {
            href: `${base}/pacticipants/{pacticipant}/branches/{branch}/versions/{version}`,
          },
        },
      });
    }
    const forVerification = /^\/pacts\/provider\/([^/]+)\/for-verification$/.exec(path);
    if (r.method === "POST" && forVerification) {
      const provider = decodeURIComponent(forVerification[1] ?? "");
      const mine = all.flatMap((p, k) => (p.provider.name === provider ? [k + 1] : []));
      if (mine.length === 0) return hal(res, 404, {});
      const entries = mine.map((n) => ({
        _links: { self: { href: `${base}/pacts/${n}` } },
        verificationProperties: { pending: false },
      }));
      return hal(res, 200, { _embedded: { pacts: entries } });
    }
    const pactPath = /^\/pacts\/(\d+)$/.exec(path);
    const pact = all[Number(pactPath?.[1]) - 1];
    if (r.method === "GET" && pact !== undefined) {
      return hal(res, 200, {
        ...pact,
        _links: { "pb:publish-verification-results": { href: `${base}${results(Number(pactPath?.[1]))}` } },
      });
    }
    if (r.method === "PUT" && path.startsWith("/pacticipants/")) return hal(res, behaviour.branchStatus ?? 200, {});
    if (r.method === "POST" && /^\/pacts\/\d+\/verification-results$/.test(path)) {
      return hal(res, behaviour.publishStatus ?? 201, {});
    }
    hal(res, 404, {});
  });
  base = server.url;
  const posted = (match: (path: string) => boolean) =>
    server.received.filter((r) => r.method === "POST" && match(pathOf(r))).map((r) => JSON.parse(r.body) as unknown);
  return {
    ...server,
    published: () => posted((path) => /^\/pacts\/\d+\/verification-results$/.test(path)),
    publishedTo: (n) => posted((path) => path === results(n)),
  };
}
