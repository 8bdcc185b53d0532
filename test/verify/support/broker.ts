// A small Pact Broker on loopback for the verify tests: the HAL index, the pacts for
// verification of one provider, the pact itself, and the two publication endpoints (the
// provider version on its branch, the verification results), each answer replaceable.
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
  /** Bodies of the verification results posted, parsed. */
  readonly published: () => unknown[];
}

const hal = (res: ServerResponse, status: number, body: unknown): void => {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/hal+json", "content-length": Buffer.byteLength(text) });
  res.end(text);
};

/** Serves `pact` (for its own provider) to the verifier; records everything. */
export async function startBroker(pact: PactJson, behaviour: BrokerBehaviour = {}): Promise<FakeBroker> {
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
      if (decodeURIComponent(forVerification[1] ?? "") !== pact.provider.name) return hal(res, 404, {});
      return hal(res, 200, {
        _embedded: {
          pacts: [{ _links: { self: { href: `${base}/pacts/1` } }, verificationProperties: { pending: false } }],
        },
      });
    }
    if (r.method === "GET" && path === "/pacts/1") {
      return hal(res, 200, {
        ...pact,
        _links: { "pb:publish-verification-results": { href: `${base}/pacts/1/verification-results` } },
      });
    }
    if (r.method === "PUT" && path.startsWith("/pacticipants/")) return hal(res, behaviour.branchStatus ?? 200, {});
    if (r.method === "POST" && path === "/pacts/1/verification-results") {
      return hal(res, behaviour.publishStatus ?? 201, {});
    }
    hal(res, 404, {});
  });
  base = server.url;
  return {
    ...server,
    published: () =>
      server.received
        .filter((r) => r.method === "POST" && pathOf(r) === "/pacts/1/verification-results")
        .map((r) => JSON.parse(r.body) as unknown),
  };
}
