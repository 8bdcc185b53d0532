// A strict Pact Broker double on loopback, for what a real broker (test/broker) cannot be made to
// do: stay silent, answer 5xx or 429, give links to another host, lack a relation. Where it
// imitates the broker it behaves like pact_broker 2.120 (read from its source): the HAL index;
// `POST /pacts/provider/{p}/for-verification` validated as the broker validates it (JSON only,
// else 415; a `matchingBranch` selector or WIP without a provider branch is a 400 or selects
// nothing; `{"errors": …}` on a 400); identical pacts merged into one entry; each entry's
// `verificationProperties` (pending, wip, notices); pact URLs by pact version
// (`/pacts/provider/{p}/consumer/{c}/pact-version/{sha}/metadata/…`) with an `_id` on each
// interaction; the provider version's branch (`PUT …/branches/{b}/versions/{v}` with `{}`); and
// results that need `success` and `providerApplicationVersion`.
import { createHash } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { PactJson } from "./pacts.js";
import { pathOf, type Received, startServer, type TestServer } from "./servers.js";

/** How the broker sees one pact it holds. */
export interface HeldPact {
  readonly pact: PactJson;
  /** Pending for the provider (default false). */
  readonly pending?: boolean;
  /** Work in progress: selected only with a provider branch and includeWipPactsSince (default false). */
  readonly wip?: boolean;
}

export interface BrokerBehaviour {
  /** Requests the broker accepts and never answers. */
  readonly silent?: (r: Received) => boolean;
  /** Status of the verification results publication (default 201 for a valid body). */
  readonly publishStatus?: number;
  /** Status of recording the provider version on its branch (default 200 for a valid body). */
  readonly branchStatus?: number;
  /** Answers chosen requests itself (true when it did). */
  readonly answer?: (r: Received, res: ServerResponse) => boolean;
  /** The origin the broker writes its links with (default its own): a broker known by another name. */
  readonly linksBase?: string;
  /** The index has no `pb:pacticipant-branch-version` relation (a broker before 2.84). */
  readonly noBranchRelation?: boolean;
}

export interface FakeBroker extends TestServer {
  /** Bodies of the verification results the broker accepted (to any pact), parsed. */
  readonly published: () => unknown[];
  /** Bodies of the verification results accepted for pact `n` (1-based, distinct pacts in the order given), parsed. */
  readonly publishedTo: (n: number) => unknown[];
  /** The bodies of the pacts-for-verification requests, parsed. */
  readonly asked: () => Record<string, unknown>[];
  /** Pact `n`'s URL, as the broker writes it (on its links' base). */
  readonly pactUrl: (n: number) => string;
  /** Pact `n` as the broker serves it (with `_id`s). */
  readonly served: (n: number) => PactJson & { interactions: { _id: string }[] };
}

const hal = (res: ServerResponse, status: number, body: unknown): void => {
  const text = JSON.stringify(body);
  // A 5xx or 429 chosen by a test asks to be retried at once: the test is about the refusal, not the back-off.
  const retry = status >= 500 || status === 429 ? { "retry-after": "0" } : {};
  res.writeHead(status, {
    "content-type": "application/hal+json",
    "content-length": Buffer.byteLength(text),
    ...retry,
  });
  res.end(text);
};
const sha = (value: unknown): string => createHash("sha1").update(JSON.stringify(value)).digest("hex");
const isJson = (r: Received): boolean => /^application\/json\b/i.test(String(r.headers["content-type"] ?? ""));
const parse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A 400 as the broker words it. */
const errors = (res: ServerResponse, field: string, message: string) =>
  hal(res, 400, { errors: { [field]: [message] } });

/** Serves `pacts` (each for its own provider) to the verifier; records everything. */
export async function startBroker(
  pacts: PactJson | HeldPact | readonly (PactJson | HeldPact)[],
  behaviour: BrokerBehaviour = {},
): Promise<FakeBroker> {
  const given = (Array.isArray(pacts) ? pacts : [pacts]) as readonly (PactJson | HeldPact)[];
  const isHeld = (p: PactJson | HeldPact): p is HeldPact => !Array.isArray((p as PactJson).interactions);
  const held = given.map((p): HeldPact => (isHeld(p) ? p : { pact: p }));
  // Identical pacts (same content) are one pact version, as in the broker.
  const versions: { held: HeldPact; sha: string; served: PactJson }[] = [];
  for (const h of held) {
    const id = sha(h.pact.interactions);
    if (versions.some((v) => v.sha === id)) continue;
    const interactions = h.pact.interactions.map((i) => (isObject(i) ? { _id: sha(i), ...i } : i));
    versions.push({ held: h, sha: id, served: { ...h.pact, interactions } as PactJson });
  }
  const pactPath = (n: number) => {
    const v = versions[n - 1] as (typeof versions)[number];
    const p = encodeURIComponent(v.served.provider.name);
    const c = encodeURIComponent(v.served.consumer.name);
    return `/pacts/provider/${p}/consumer/${c}/pact-version/${v.sha}`;
  };
  const results = (n: number) => `${pactPath(n)}/verification-results`;
  let base = "";
  const accepted: { path: string; body: unknown }[] = [];
  const server = await startServer((r, res) => {
    if (behaviour.silent?.(r)) return; // accepted, never answered
    if (behaviour.answer?.(r, res)) return;
    const path = pathOf(r);
    if (r.method === "GET" && path === "/") {
      return hal(res, 200, {
        _links: {
          self: { href: base },
          "pb:provider-pacts-for-verification": { href: `${base}/pacts/provider/{provider}/for-verification` },
          ...(behaviour.noBranchRelation
            ? {}
            : {
                "pb:pacticipant-branch-version": {
                  href: `${base}/pacticipants/{pacticipant}/branches/{branch}/versions/{version}`,
                },
              }),
        },
      });
    }
    const forVerification = /^\/pacts\/provider\/([^/]+)\/for-verification$/.exec(path);
    if (r.method === "POST" && forVerification) {
      if (!isJson(r)) return hal(res, 415, {});
      const body = parse(r.body);
      if (!isObject(body)) return errors(res, "body", "must be a JSON object");
      const branch = body["providerVersionBranch"];
      if (branch !== undefined && branch !== null && (typeof branch !== "string" || branch.trim() === ""))
        return errors(res, "providerVersionBranch", "cannot be blank");
      const selectors = body["consumerVersionSelectors"];
      if (selectors !== undefined && (!Array.isArray(selectors) || !selectors.every(isObject)))
        return errors(res, "consumerVersionSelectors", "must be an array of hashes");
      if ((selectors as Record<string, unknown>[] | undefined)?.some((s) => s["matchingBranch"] === true) && !branch)
        return errors(
          res,
          "consumerVersionSelectors[0]",
          "the providerVersionBranch must be specified when the selector matchingBranch=true is used",
        );
      const since = body["includeWipPactsSince"];
      if (since !== undefined && (typeof since !== "string" || Number.isNaN(Date.parse(since))))
        return errors(res, "includeWipPactsSince", "must be a date");
      const provider = decodeURIComponent(forVerification[1] ?? "");
      const wipAsked = typeof branch === "string" && since !== undefined;
      const mine = versions.flatMap((v, k) =>
        v.served.provider.name === provider && (!v.held.wip || wipAsked) ? [k + 1] : [],
      );
      if (mine.length === 0) return hal(res, 200, { _embedded: { pacts: [] } });
      const entries = mine.map((n) => {
        const { held: h } = versions[n - 1] as (typeof versions)[number];
        const pending = body["includePendingStatus"] === true ? h.pending === true || h.wip === true : undefined;
        return {
          verificationProperties: {
            ...(pending === undefined ? {} : { pending }),
            ...(h.wip ? { wip: true } : {}),
            notices: [
              { when: "before_verification", text: `The pact ${n} is being verified because it was given.` },
              { when: "after_verification:success_true_published_true", text: `Pact ${n}: verified and published.` },
              { when: "after_verification:success_false_published_true", text: `Pact ${n}: failed, published.` },
            ],
          },
          _links: { self: { href: `${base}${pactPath(n)}/metadata/c2VsZWN0ZWQ` } },
        };
      });
      return hal(res, 200, { _embedded: { pacts: entries } });
    }
    const n =
      versions.findIndex((_, k) => path === pactPath(k + 1) || path.startsWith(`${pactPath(k + 1)}/metadata/`)) + 1;
    if (r.method === "GET" && n > 0) {
      const v = versions[n - 1] as (typeof versions)[number];
      return hal(res, 200, {
        ...v.served,
        _links: { "pb:publish-verification-results": { href: `${base}${results(n)}` } },
      });
    }
    if (r.method === "PUT" && /^\/pacticipants\/[^/]+\/branches\/[^/]+\/versions\/[^/]+$/.test(path)) {
      if (!isJson(r) || !isObject(parse(r.body))) return hal(res, 415, {});
      return hal(res, behaviour.branchStatus ?? 200, {});
    }
    if (r.method === "POST" && /\/verification-results$/.test(path)) {
      if (!isJson(r)) return hal(res, 415, {});
      const body = parse(r.body);
      if (!isObject(body) || typeof body["success"] !== "boolean") return errors(res, "success", "must be a boolean");
      const version = body["providerApplicationVersion"];
      if (typeof version !== "string" || version.trim() === "")
        return errors(res, "providerApplicationVersion", "can't be blank");
      const status = behaviour.publishStatus ?? 201;
      if (status < 300) accepted.push({ path, body });
      return hal(res, status, {});
    }
    hal(res, 404, {});
  });
  base = behaviour.linksBase ?? server.url;
  const posted = (match: (path: string) => boolean) =>
    server.received
      .filter((r) => r.method === "POST" && match(pathOf(r)) && isObject(parse(r.body)))
      .map((r) => JSON.parse(r.body) as unknown);
  return {
    ...server,
    published: () => accepted.map((a) => a.body),
    publishedTo: (n) => accepted.filter((a) => a.path === results(n)).map((a) => a.body),
    asked: () => posted((path) => path.endsWith("/for-verification")) as Record<string, unknown>[],
    pactUrl: (n) => `${base}${pactPath(n)}`,
    served: (n) =>
      (versions[n - 1] as (typeof versions)[number]).served as PactJson & { interactions: { _id: string }[] },
  };
}
