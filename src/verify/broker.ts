// The Pact Broker, spoken to directly (HAL over HTTP): the pacts for verification (consumer
// version selectors, pending and WIP pacts) or one pact by its URL (a webhook's), and the
// publication of verification results. Every call is bounded by the run's timeout and stops with
// it, so a silent broker can never hang a run; 5xx, 408 and 429 are retried with back-off (and
// Retry-After) within a bound for the whole run; a failed publication is a problem of the run,
// because `--publish` gates releases.
//
// How the broker behaves (pact_broker 2.120, read from its source): it writes every link from its
// own configured base URL, which may name another host or scheme than the URL the pipeline uses;
// like Pact's own verifier, every link is followed on the configured origin (the link's path and
// query), so the broker's credentials never go anywhere else.
import { retryAfterMs } from "../client/http.js";
import { PROVIDERS } from "../rules/contract.js";
import { durationText } from "../rules/duration.js";
import type { Envelope } from "../rules/envelope.js";
import { isJsonObject } from "../rules/envelope.js";
import type { BrokerOptions, InteractionResult, VerifyOptions } from "./api.js";
import { interactionOf } from "./outcome.js";
import { checkPact, type Interaction, type LoadedPact } from "./pacts.js";
import { type Answer, createSender, jsonOf, SendError, type Sender } from "./server/http.js";

const HAL = "application/hal+json, application/json";

/** Retries of one call to the broker after a 5xx, 408 or 429 (as Pact's clients retry). */
export const BROKER_RETRIES = 3;
/** The first back-off wait, doubled for each retry (0.5 s, 1 s, 2 s), unless the broker sends Retry-After. */
export const BROKER_BACKOFF_MS = 500;
/** The most a whole run waits between retries of the broker, all calls together. */
export const BROKER_RETRY_BUDGET_MS = 30_000;

function authorization(auth: BrokerOptions["auth"]): Record<string, string> {
  if (auth === undefined) return {}; // a broker without authentication (the Pact Broker's default)
  return {
    authorization:
      "token" in auth
        ? `Bearer ${auth.token}`
        : `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString("base64")}`,
  };
}

class BrokerError extends Error {}

/** What the broker's error body says (`{"errors": …}` of a 400, `{"error": {"message"}}` of a 500), on one line. */
export function brokerMessages(answer: Answer): string | undefined {
  const json = jsonOf(answer);
  const found: string[] = [];
  const collect = (value: unknown, field: string): void => {
    if (found.length >= 5) return;
    if (typeof value === "string") found.push(field === "" ? value : `${field}: ${value}`);
    else if (Array.isArray(value)) for (const v of value) collect(v, field);
    else if (isJsonObject(value)) {
      if (typeof value["message"] === "string") collect(value["message"], field);
      else for (const [k, v] of Object.entries(value)) collect(v, field === "" ? k : `${field}.${k}`);
    }
  };
  if (isJsonObject(json)) collect(json["errors"] ?? json["error"], "");
  if (found.length === 0) return undefined;
  // Printable, short: a broker's message is data from the network.
  const text = found.map((m) => m.replace(/\p{Cc}+/gu, " ").trim()).join("; ");
  return text.length > 400 ? `${text.slice(0, 400)}…` : text;
}

/** "answered 400 (providerVersionBranch: cannot be blank)": a status with the broker's own words. */
function answered(answer: Answer): string {
  const said = brokerMessages(answer);
  return `answered ${answer.status}${said === undefined ? "" : ` (${said})`}`;
}

const retryable = (status: number): boolean => status === 408 || status === 429 || (status >= 500 && status <= 599);

/** What the broker's retries of one run have waited so far (one budget per run, shared by every call). */
const waited = new WeakMap<BrokerOptions, { ms: number }>();

function sleep(ms: number, stop: AbortSignal | undefined): Promise<void> {
  return new Promise((done) => {
    if (stop?.aborted) return done();
    const timer = setTimeout(finish, ms);
    function finish() {
      clearTimeout(timer);
      stop?.removeEventListener("abort", finish);
      done();
    }
    stop?.addEventListener("abort", finish, { once: true });
  });
}

interface Broker {
  /** The configured origin's URL for a link (absolute or relative): the link's path and query. */
  resolve(href: string): URL;
  call(method: string, href: string, body?: unknown): Promise<Answer>;
  /** A link of the broker's index (HAL), with `{name}` placeholders filled; undefined when the broker has none. */
  link(relation: string, values: Record<string, string>): Promise<string | undefined>;
}

function brokerClient(broker: BrokerOptions, options: VerifyOptions): Broker {
  const sender: Sender = createSender(options, options.signal);
  const base = broker.url.replace(/\/+$/, "");
  const budget = waited.get(broker) ?? { ms: 0 };
  waited.set(broker, budget);
  let index: Promise<unknown> | undefined;
  const resolve = (href: string): URL => {
    let link: URL;
    try {
      link = new URL(href, `${base}/`);
    } catch {
      throw new BrokerError("the Pact Broker gave a link that is not a URL: not followed");
    }
    const target = new URL(base);
    target.pathname = link.pathname;
    target.search = link.search;
    target.hash = "";
    return target;
  };
  const once = (method: string, url: URL, body?: unknown): Promise<Answer> =>
    sender.send({
      method,
      url: url.href,
      headers: {
        ...authorization(broker.auth),
        accept: HAL,
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  const call = async (method: string, href: string, body?: unknown): Promise<Answer> => {
    const url = resolve(href);
    for (let retry = 0; ; retry += 1) {
      const answer = await once(method, url, body);
      if (!retryable(answer.status) || retry >= BROKER_RETRIES) return answer;
      const asked = retryAfterMs(answer.headers.get("retry-after"));
      const wait = asked ?? BROKER_BACKOFF_MS * 2 ** retry;
      const where = `${method} ${url.pathname}`;
      if (wait > options.timeoutMs)
        throw new BrokerError(
          `the Pact Broker ${answered(answer)} to ${where} and asked to retry in ${Math.ceil(wait / 1000)} s, longer than the timeout (${durationText(options.timeoutMs, sender.timeoutUnit)}): not retried`,
        );
      const bound = broker.retryBudgetMs ?? BROKER_RETRY_BUDGET_MS;
      if (budget.ms + wait > bound)
        throw new BrokerError(
          `the Pact Broker ${answered(answer)} to ${where}; this run has already waited ${(budget.ms / 1000).toFixed(1)} s for it to recover (at most ${bound / 1000} s a run): not retried`,
        );
      budget.ms += wait;
      await sleep(wait, options.signal);
      if (options.signal?.aborted) throw new SendError("aborted", "the run was stopped");
    }
  };
  return {
    resolve,
    call,
    async link(relation, values) {
      index ??= call("GET", `${base}/`).then((a) => {
        if (a.status !== 200) throw new BrokerError(`the Pact Broker ${answered(a)} to GET ${base}/`);
        return jsonOf(a);
      });
      const links = (await index) as { _links?: Record<string, { href?: string }> } | undefined;
      const href = links?._links?.[relation]?.href;
      if (typeof href !== "string") return undefined;
      return href.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? ""));
    },
  };
}

function describeFailure(error: unknown, url: string): string {
  if (error instanceof BrokerError) return error.message;
  if (error instanceof SendError) return `the Pact Broker ${url} did not answer: ${error.message}`;
  return `the Pact Broker ${url}: ${String(error)}`;
}

/**
 * The consumer version selectors sent: the user's own (`selectors`, as Pact's verifiers take
 * them) or the defaults: main branch, deployed or released, and (with a provider branch) the
 * matching branch.
 */
export function selectors(broker: BrokerOptions): readonly Record<string, unknown>[] {
  if (broker.selectors !== undefined) return broker.selectors;
  return [
    { mainBranch: true },
    { deployedOrReleased: true },
    ...(broker.providerBranch ? [{ matchingBranch: true }] : []),
  ];
}

/** A notice of the broker (`verificationProperties.notices`): when to print it, and its text. */
interface Notice {
  readonly when: string;
  readonly text: string;
}

/** What the broker said about a pact it selected, kept beside the pact's JSON. */
interface Selected {
  readonly wip: boolean;
  readonly pending: boolean;
  readonly notices: readonly Notice[];
}
const selected = new WeakMap<object, Selected>();

function noticesOf(properties: Record<string, unknown>): Notice[] {
  const list = Array.isArray(properties["notices"]) ? properties["notices"] : [];
  return list
    .filter(isJsonObject)
    .flatMap((n) =>
      typeof n["text"] === "string" && n["text"].trim() !== ""
        ? [{ when: typeof n["when"] === "string" ? n["when"] : "", text: n["text"].trim() }]
        : [],
    );
}

/** Reads one pact from the broker (its `self` link, or the URL a webhook gave). */
async function fetchPact(client: Broker, href: string, found: Omit<Selected, "notices"> & { notices: Notice[] }) {
  const url = client.resolve(href).href;
  const pact = await client.call("GET", url);
  if (pact.status !== 200) throw new BrokerError(`the Pact Broker ${answered(pact)} to GET ${url}`);
  const json = jsonOf(pact);
  const publishUrl = (json as { _links?: Record<string, { href?: string }> } | undefined)?._links?.[
    "pb:publish-verification-results"
  ]?.href;
  const loaded = checkPact(url, json, {
    pending: found.pending || found.wip,
    ...(typeof publishUrl === "string" ? { publishUrl: client.resolve(publishUrl).href } : {}),
  });
  if (loaded.ok) selected.set(loaded.json, found);
  return loaded;
}

async function pactsFor(
  broker: BrokerOptions,
  client: Broker,
  provider: string,
  notes: string[],
): Promise<LoadedPact[]> {
  const fallback = `/pacts/provider/${encodeURIComponent(provider)}/for-verification`;
  const url = (await client.link("pb:provider-pacts-for-verification", { provider })) ?? fallback;
  // The broker selects work-in-progress pacts only for a provider branch: without one, not asked.
  const wip = broker.providerBranch !== undefined && broker.includeWipPactsSince !== undefined;
  const answer = await client.call("POST", url, {
    consumerVersionSelectors: selectors(broker),
    includePendingStatus: true,
    ...(wip ? { includeWipPactsSince: broker.includeWipPactsSince } : {}),
    ...(broker.providerBranch !== undefined ? { providerVersionBranch: broker.providerBranch } : {}),
  });
  if (answer.status === 404) return []; // no pacts for this provider
  if (answer.status !== 200)
    throw new BrokerError(`the Pact Broker ${answered(answer)} to the pacts for verification of ${provider}`);
  const found = (jsonOf(answer) as { _embedded?: { pacts?: unknown[] } } | undefined)?._embedded?.pacts ?? [];
  const pacts: LoadedPact[] = [];
  for (const entry of Array.isArray(found) ? found : []) {
    if (!isJsonObject(entry)) continue;
    const href = (entry["_links"] as { self?: { href?: string } } | undefined)?.self?.href;
    if (typeof href !== "string") continue;
    const properties = isJsonObject(entry["verificationProperties"]) ? entry["verificationProperties"] : {};
    const about = {
      pending: properties["pending"] === true,
      wip: properties["wip"] === true,
      notices: noticesOf(properties),
    };
    const pact = await fetchPact(client, href, about);
    const kind = about.wip ? "work in progress (pending)" : about.pending ? "pending" : "";
    const consumer = pact.ok ? String((pact.json["consumer"] as { name?: unknown }).name) : "?";
    notes.push(`Pact of ${consumer} for ${provider}${kind === "" ? "" : `, ${kind}`}: ${pact.source}`);
    for (const n of about.notices)
      if (n.when === "" || n.when.startsWith("before_verification")) notes.push(`  ${n.text}`);
    pacts.push(pact);
  }
  return pacts;
}

/** Fetches the pacts to verify: the one at `pactUrl`, or those the broker selects for each provider this verifier knows. */
export async function fetchBrokerPacts(
  options: VerifyOptions,
  envelopes: readonly Envelope[],
): Promise<{ ok: true; pacts: LoadedPact[]; notes: string[] } | { ok: false; problem: string; interrupted: boolean }> {
  if (options.source.kind !== "broker") return { ok: true, pacts: [], notes: [] };
  const { broker } = options.source;
  const client = brokerClient(broker, options);
  const notes: string[] = [];
  try {
    const pacts: LoadedPact[] = [];
    if (broker.pactUrl !== undefined) {
      const pact = await fetchPact(client, broker.pactUrl, { pending: false, wip: false, notices: [] });
      notes.push(`Pact ${pact.source} (given by URL)`);
      pacts.push(pact);
    } else {
      if (broker.providerBranch === undefined && broker.includeWipPactsSince !== undefined)
        notes.push(
          "Work-in-progress pacts are not included: the Pact Broker selects them only for a provider branch (--provider-branch).",
        );
      for (const envelope of envelopes) pacts.push(...(await pactsFor(broker, client, PROVIDERS[envelope], notes)));
    }
    const unusable = pacts.find((p) => !p.ok);
    if (unusable !== undefined && !unusable.ok)
      return { ok: false, problem: `cannot use pact ${unusable.source}: ${unusable.problem}`, interrupted: false };
    if (pacts.length === 0)
      return {
        ok: false,
        problem: `the Pact Broker ${broker.url} has no pacts for ${envelopes.map((e) => PROVIDERS[e]).join(" or ")}`,
        interrupted: false,
      };
    return { ok: true, pacts, notes };
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

/** The results of one pact verified in this run, with the pact's own interactions. */
interface PactResults {
  readonly provider: string;
  readonly consumer: string;
  readonly publishUrl: string;
  readonly pact: Interaction["pact"];
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
      group = {
        provider: i.provider,
        consumer: i.consumer,
        publishUrl: i.publishUrl,
        pact: i.pact,
        total,
        results: [],
      };
      groups.set(i.pact, group);
    }
    group.results.push(r);
  }
  return [...groups.values()];
}

/**
 * One test result as the broker matches it to its interaction: by `interactionId` (the `_id` the
 * broker adds to each interaction it serves), else by description and provider state.
 */
function testResultOf(r: InteractionResult) {
  const raw = interactionOf(r)?.raw ?? {};
  const id = raw["_id"];
  const state = raw["providerState"];
  return {
    ...(typeof id === "string" ? { interactionId: id } : {}),
    interactionDescription: r.description,
    ...(typeof state === "string" ? { interactionProviderState: state } : {}),
    success: r.verdict === "passed",
    ...(r.verdict === "passed"
      ? {}
      : { mismatches: [...r.problems, ...r.differences].map((d) => ({ description: d })) }),
  };
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
    testResults: real.map(testResultOf),
    verifiedBy: { implementation: "apinizer-connections verify" },
  };
  const notVerified = missing > 0 ? `; ${missing} not verified in this run` : "";
  const summary = `${success ? "success" : "failure"}: ${passed} of ${pact.total} interaction(s) passed${notVerified}`;
  return { body, summary, success };
}

/** The broker's notices for after the verification that match how it went (`after_verification:success_true_published_true`). */
function noticesAfter(pact: PactResults, success: boolean, published: boolean): string[] {
  const about = selected.get(pact.pact);
  const when = `after_verification:success_${success}_published_${published}`;
  return (about?.notices ?? []).filter((n) => n.when === when).map((n) => `  ${n.text}`);
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
  const client = brokerClient(broker, options);
  const problems: string[] = [];
  const notes: string[] = [];
  // The provider version is recorded on its branch once per provider, not once per pact.
  const recorded = new Set<string>();
  try {
    for (const pact of byPact(results)) {
      const { provider, consumer, publishUrl: url } = pact;
      if (!recorded.has(provider)) {
        recorded.add(provider);
        const branchUrl = await client.link("pb:pacticipant-branch-version", {
          pacticipant: provider,
          branch: publish.providerBranch,
          version: publish.providerVersion,
        });
        // Results without their branch would be invisible to the broker's branch-based selection
        // (matching branch, pending, WIP): a broker that cannot record it gets none.
        if (branchUrl === undefined) {
          problems.push(
            `the Pact Broker has no pb:pacticipant-branch-version relation (it is older than 2.84?), so ${provider} ${publish.providerVersion} cannot be recorded on branch ${publish.providerBranch}: the verification results were not published`,
          );
          return { problems, notes };
        }
        const put = await client.call("PUT", branchUrl, {});
        if (put.status >= 300) {
          problems.push(
            `the Pact Broker ${answered(put)} when recording ${provider} ${publish.providerVersion} on branch ${publish.providerBranch}: the verification results were not published`,
          );
          return { problems, notes };
        }
      }
      const { body, summary, success } = resultsBody(pact, publish);
      const posted = await client.call("POST", url, body);
      const ok = posted.status < 300;
      if (!ok)
        problems.push(
          `the Pact Broker refused the verification results (${answered(posted)}) at ${client.resolve(url).href}: the results were not published`,
        );
      else
        notes.push(
          `Published the verification results of ${provider} ${publish.providerVersion} for a pact of ${consumer} (${summary}).`,
        );
      notes.push(...noticesAfter(pact, success, ok));
    }
  } catch (error) {
    problems.push(`${describeFailure(error, broker.url)}: the verification results were not published`);
  }
  return { problems, notes };
}
