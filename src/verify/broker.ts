// The Pact Broker, spoken to directly (HAL over HTTP): the pacts for verification (consumer
// version selectors, pending and WIP pacts), and the publication of verification results. Every
// call is bounded by the run's timeout and stops with it, so a silent broker can never hang a
// run; a failed publication is a problem of the run, because `--publish` gates releases.
import { PROVIDERS } from "../rules/contract.js";
import type { Envelope } from "../rules/envelope.js";
import { isJsonObject } from "../rules/envelope.js";
import type { BrokerOptions, InteractionResult, VerifyOptions } from "./api.js";
import { type Answer, createSender, jsonOf, SendError, type Sender } from "./http.js";
import { checkPact, type Interaction, type LoadedPact } from "./pacts.js";

const HAL = "application/hal+json, application/json";

function authorization(auth: BrokerOptions["auth"]): string {
  return "token" in auth
    ? `Bearer ${auth.token}`
    : `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString("base64")}`;
}

interface Broker {
  call(method: string, url: string, body?: unknown): Promise<Answer>;
  /** A link of the broker's index (HAL), with `{name}` placeholders filled; undefined when the broker has none. */
  link(relation: string, values: Record<string, string>): Promise<string | undefined>;
}

function brokerClient(broker: BrokerOptions, sender: Sender): Broker {
  const base = broker.url.replace(/\/+$/, "");
  let index: Promise<unknown> | undefined;
  const origin = new URL(base).origin;
  const call = (method: string, url: string, body?: unknown): Promise<Answer> => {
    // The broker's credentials go to the broker only: a link (HAL, a pact's self or publication
    // link) to another host is not followed.
    let target: URL;
    try {
      target = new URL(url, `${base}/`);
    } catch {
      return Promise.reject(new BrokerError(`the Pact Broker gave a link that is not a URL: not followed`));
    }
    if (target.origin !== origin) {
      return Promise.reject(
        new BrokerError(
          `the Pact Broker pointed to another host (${target.origin}); its credentials go only to ${origin}: not followed`,
        ),
      );
    }
    return sender.send({
      method,
      url: target.href,
      headers: {
        authorization: authorization(broker.auth),
        accept: HAL,
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  };
  return {
    call,
    async link(relation, values) {
      index ??= call("GET", `${base}/`).then((a) => {
        if (a.status !== 200) throw new BrokerError(`the Pact Broker answered ${a.status} to GET ${base}/`);
        return jsonOf(a);
      });
      const links = (await index) as { _links?: Record<string, { href?: string }> } | undefined;
      const href = links?._links?.[relation]?.href;
      if (href === undefined) return undefined;
      return href.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? ""));
    },
  };
}

class BrokerError extends Error {}

function describeFailure(error: unknown, url: string): string {
  if (error instanceof BrokerError) return error.message;
  if (error instanceof SendError) return `the Pact Broker ${url} did not answer: ${error.message}`;
  return `the Pact Broker ${url}: ${String(error)}`;
}

/** The consumer version selectors: main branch, deployed or released, and (when known) the matching branch. */
export function selectors(broker: BrokerOptions): Record<string, unknown>[] {
  return [
    { mainBranch: true },
    { deployedOrReleased: true },
    ...(broker.providerBranch ? [{ matchingBranch: true }] : []),
  ];
}

async function pactsFor(broker: BrokerOptions, client: Broker, provider: string): Promise<LoadedPact[]> {
  const fallback = `${broker.url.replace(/\/+$/, "")}/pacts/provider/${encodeURIComponent(provider)}/for-verification`;
  const url = (await client.link("pb:provider-pacts-for-verification", { provider })) ?? fallback;
  const answer = await client.call("POST", url, {
    consumerVersionSelectors: selectors(broker),
    includePendingStatus: true,
    includeWipPactsSince: broker.includeWipPactsSince,
    ...(broker.providerBranch ? { providerVersionBranch: broker.providerBranch } : {}),
  });
  if (answer.status === 404) return []; // no pacts for this provider
  if (answer.status !== 200)
    throw new BrokerError(`the Pact Broker answered ${answer.status} to the pacts for verification of ${provider}`);
  const found = (jsonOf(answer) as { _embedded?: { pacts?: unknown[] } } | undefined)?._embedded?.pacts ?? [];
  const pacts: LoadedPact[] = [];
  for (const entry of found) {
    if (!isJsonObject(entry)) continue;
    const href = (entry["_links"] as { self?: { href?: string } } | undefined)?.self?.href;
    if (href === undefined) continue;
    const properties = isJsonObject(entry["verificationProperties"]) ? entry["verificationProperties"] : {};
    const pending = properties["pending"] === true || properties["wip"] === true;
    const pact = await client.call("GET", href);
    if (pact.status !== 200) throw new BrokerError(`the Pact Broker answered ${pact.status} to GET ${href}`);
    const json = jsonOf(pact);
    const publishUrl = (json as { _links?: Record<string, { href?: string }> } | undefined)?._links?.[
      "pb:publish-verification-results"
    ]?.href;
    pacts.push(checkPact(href, json, { pending, ...(publishUrl !== undefined ? { publishUrl } : {}) }));
  }
  return pacts;
}

/** Fetches the pacts of every provider this verifier knows (one per envelope). */
export async function fetchBrokerPacts(
  options: VerifyOptions,
  envelopes: readonly Envelope[],
): Promise<{ ok: true; pacts: LoadedPact[] } | { ok: false; problem: string; interrupted: boolean }> {
  if (options.source.kind !== "broker") return { ok: true, pacts: [] };
  const { broker } = options.source;
  const client = brokerClient(broker, createSender({ timeoutMs: options.timeoutMs, stop: options.signal }));
  try {
    const pacts: LoadedPact[] = [];
    for (const envelope of envelopes) pacts.push(...(await pactsFor(broker, client, PROVIDERS[envelope])));
    const unusable = pacts.find((p) => !p.ok);
    if (unusable !== undefined && !unusable.ok)
      return { ok: false, problem: `cannot use pact ${unusable.source}: ${unusable.problem}`, interrupted: false };
    if (pacts.length === 0)
      return {
        ok: false,
        problem: `the Pact Broker ${broker.url} has no pacts for ${envelopes.map((e) => PROVIDERS[e]).join(" or ")}`,
        interrupted: false,
      };
    return { ok: true, pacts };
  } catch (error) {
    return { ok: false, problem: describeFailure(error, broker.url), interrupted: options.signal?.aborted === true };
  }
}

/**
 * Publishes the results of each pact that was verified in this run: the provider version on its
 * branch, then the results (one test result per interaction really verified; success only when
 * every interaction of the pact was verified and passed).
 */
export async function publishResults(
  options: VerifyOptions,
  results: readonly InteractionResult[],
  interactions: readonly Interaction[],
): Promise<{ problems: string[]; notes: string[] }> {
  if (options.source.kind !== "broker" || options.source.broker.publish === undefined)
    return { problems: [], notes: [] };
  const { broker } = options.source;
  const publish = broker.publish as NonNullable<BrokerOptions["publish"]>;
  const client = brokerClient(broker, createSender({ timeoutMs: options.timeoutMs, stop: options.signal }));
  const problems: string[] = [];
  const notes: string[] = [];
  const byPact = new Map<string, { provider: string; results: InteractionResult[] }>();
  for (const r of results) {
    const i = interactions.find(
      (x) => x.description === r.description && x.provider === r.provider && x.consumer === r.consumer,
    );
    if (i?.publishUrl === undefined) continue;
    const entry = byPact.get(i.publishUrl) ?? { provider: i.provider, results: [] };
    entry.results.push(r);
    byPact.set(i.publishUrl, entry);
  }
  try {
    for (const [url, { provider, results: verified }] of byPact) {
      const branchUrl = await client.link("pb:pacticipant-branch-version", {
        pacticipant: provider,
        branch: publish.providerBranch,
        version: publish.providerVersion,
      });
      if (branchUrl !== undefined) {
        const put = await client.call("PUT", branchUrl, {});
        if (put.status >= 300)
          problems.push(
            `the Pact Broker answered ${put.status} when recording ${provider} ${publish.providerVersion} on branch ${publish.providerBranch}`,
          );
      }
      const real = verified.filter((r) => r.verdict === "passed" || r.verdict === "failed" || r.verdict === "pending");
      const body = {
        success: real.length === verified.length && real.every((r) => r.verdict === "passed"),
        providerApplicationVersion: publish.providerVersion,
        ...(publish.buildUrl ? { buildUrl: publish.buildUrl } : {}),
        testResults: real.map((r) => ({
          interactionDescription: r.description,
          success: r.verdict === "passed",
          ...(r.verdict === "passed"
            ? {}
            : { mismatches: [...r.problems, ...r.differences].map((d) => ({ description: d })) }),
        })),
        verifiedBy: { implementation: "apinizer-connections verify" },
      };
      const posted = await client.call("POST", url, body);
      if (posted.status >= 300)
        problems.push(
          `the Pact Broker refused the verification results (${posted.status}) at ${url}: the results were not published`,
        );
      else
        notes.push(
          `Published the verification results of ${provider} ${publish.providerVersion} (${body.success ? "success" : "failure"}).`,
        );
    }
  } catch (error) {
    problems.push(`${describeFailure(error, broker.url)}: the verification results were not published`);
  }
  return { problems, notes };
}
