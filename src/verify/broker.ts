// The Pact Broker, spoken to directly (HAL over HTTP): the pacts for verification (consumer
// version selectors, pending and WIP pacts), and the publication of verification results. Every
// call is bounded by the run's timeout and stops with it, so a silent broker can never hang a
// run; a failed publication is a problem of the run, because `--publish` gates releases.
import { PROVIDERS } from "../rules/contract.js";
import type { Envelope } from "../rules/envelope.js";
import { isJsonObject } from "../rules/envelope.js";
import type { BrokerOptions, InteractionResult, VerifyOptions } from "./api.js";
import { interactionOf } from "./outcome.js";
import { checkPact, type Interaction, type LoadedPact } from "./pacts.js";
import { type Answer, createSender, jsonOf, SendError, type Sender } from "./server/http.js";

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
  const client = brokerClient(
    broker,
    createSender({ timeoutMs: options.timeoutMs, stop: options.signal, fetch: options.fetch }),
  );
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
 * Why publishing may not go ahead with these options, if it may not: results are the provider's
 * only when a real server was verified, and a pact's result must cover the whole pact, which a
 * shard does not (each shard would publish its own part as the verification of the whole pact).
 */
export function publishingProblem(options: VerifyOptions): string | undefined {
  if (options.source.kind !== "broker" || options.source.broker.publish === undefined) return undefined;
  if (options.target.kind === "stand-in")
    return "publishing needs a real server as the target: results against the built-in stand-in are not the provider's";
  if (options.shard !== undefined)
    return "publishing cannot be combined with a shard: a shard verifies only part of each pact, yet its result would stand for the whole pact (use workers to verify in parallel in one run)";
  return undefined;
}

/** A URL of the broker as shown in a problem: never with a user or password in it. */
function withoutCredentials(url: string, base: string): string {
  try {
    const shown = new URL(url, `${base.replace(/\/+$/, "")}/`);
    shown.username = "";
    shown.password = "";
    return shown.href;
  } catch {
    return "(a link that is not a URL)";
  }
}

/** The results of one pact verified in this run, with the pact's own interactions. */
interface PactResults {
  readonly provider: string;
  readonly consumer: string;
  readonly publishUrl: string;
  /** How many interactions the pact has (each must have passed in this run for a success). */
  readonly total: number;
  readonly results: InteractionResult[];
}

/**
 * The run's results grouped by the pact they belong to (each fetched pact by itself: two pacts
 * of one consumer, e.g. its main branch and its deployed version, often share every description).
 */
function byPact(results: readonly InteractionResult[]): PactResults[] {
  const groups = new Map<Interaction["pact"], PactResults>();
  for (const r of results) {
    const i = interactionOf(r);
    if (i?.publishUrl === undefined) continue;
    let group = groups.get(i.pact);
    if (group === undefined) {
      const all = i.pact["interactions"];
      const total = Array.isArray(all) ? all.length : 0;
      group = { provider: i.provider, consumer: i.consumer, publishUrl: i.publishUrl, total, results: [] };
      groups.set(i.pact, group);
    }
    group.results.push(r);
  }
  return [...groups.values()];
}

/** The verification results of one pact, as the broker takes them, and a line saying what they say. */
function resultsBody(pact: PactResults, publish: NonNullable<BrokerOptions["publish"]>) {
  // Only interactions really verified are published; skipped ones (a state this run cannot set
  // up) and errors (not verified) are left out, and make the pact's verification a failure.
  const real = pact.results.filter((r) => r.verdict === "passed" || r.verdict === "failed" || r.verdict === "pending");
  const verified = new Set(real.map((r) => interactionOf(r)?.raw));
  const passed = real.filter((r) => r.verdict === "passed").length;
  const missing = pact.total - verified.size;
  const success = missing === 0 && passed === real.length;
  const body = {
    success,
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
  const notVerified = missing > 0 ? `; ${missing} not verified in this run` : "";
  const summary = `${success ? "success" : "failure"}: ${passed} of ${pact.total} interaction(s) passed${notVerified}`;
  return { body, summary };
}

/**
 * Publishes the results of each pact that was verified in this run, once per pact: the provider
 * version on its branch, then the results (one test result per interaction really verified;
 * success only when every interaction of the pact was verified in this run and passed).
 */
export async function publishResults(
  options: VerifyOptions,
  results: readonly InteractionResult[],
): Promise<{ problems: string[]; notes: string[] }> {
  if (options.source.kind !== "broker" || options.source.broker.publish === undefined)
    return { problems: [], notes: [] };
  const { broker } = options.source;
  const publish = broker.publish as NonNullable<BrokerOptions["publish"]>;
  const refused = publishingProblem(options);
  if (refused !== undefined) return { problems: [`${refused}: nothing was published`], notes: [] };
  // Every result comes from resultOf, which records its interaction; one that did not could be
  // published to the wrong pact, so nothing is.
  const unknown = results.filter((r) => interactionOf(r) === undefined).length;
  if (unknown > 0)
    return {
      problems: [`${unknown} result(s) of this run cannot be traced to their pact: nothing was published`],
      notes: [],
    };
  const client = brokerClient(
    broker,
    createSender({ timeoutMs: options.timeoutMs, stop: options.signal, fetch: options.fetch }),
  );
  const problems: string[] = [];
  const notes: string[] = [];
  // The provider version is recorded on its branch once per provider, not once per pact.
  const recorded = new Set<string>();
  try {
    for (const pact of byPact(results)) {
      const { provider, consumer, publishUrl: url } = pact;
      const branchUrl = recorded.has(provider)
        ? undefined
        : await client.link("pb:pacticipant-branch-version", {
            pacticipant: provider,
            branch: publish.providerBranch,
            version: publish.providerVersion,
          });
      recorded.add(provider);
      if (branchUrl !== undefined) {
        const put = await client.call("PUT", branchUrl, {});
        if (put.status >= 300)
          problems.push(
            `the Pact Broker answered ${put.status} when recording ${provider} ${publish.providerVersion} on branch ${publish.providerBranch}`,
          );
      }
      const { body, summary } = resultsBody(pact, publish);
      const posted = await client.call("POST", url, body);
      if (posted.status >= 300)
        problems.push(
          `the Pact Broker refused the verification results (${posted.status}) at ${withoutCredentials(url, broker.url)}: the results were not published`,
        );
      else
        notes.push(
          `Published the verification results of ${provider} ${publish.providerVersion} for a pact of ${consumer} (${summary}).`,
        );
    }
  } catch (error) {
    problems.push(`${describeFailure(error, broker.url)}: the verification results were not published`);
  }
  return { problems, notes };
}
