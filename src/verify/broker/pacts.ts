// The pacts to verify, from the Pact Broker: the one a webhook names (its URL), or those the
// broker selects for each provider (consumer version selectors, pending and WIP pacts), with the
// broker's notices about each.
import { PROVIDERS } from "../../rules/contract.js";
import type { Envelope } from "../../rules/envelope.js";
import { isJsonObject } from "../../rules/envelope.js";
import type { BrokerOptions, VerifyOptions } from "../api.js";
import { checkPact, type LoadedPact } from "../pacts.js";
import { jsonOf } from "../server/http.js";
import { answered, type Broker, BrokerError, brokerClient, describeFailure } from "./client.js";

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
export interface Notice {
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

/** The broker's notices about the pact whose JSON is `pact` (one fetched in this run), if any. */
export function noticesOfPact(pact: object): readonly Notice[] {
  return selected.get(pact)?.notices ?? [];
}

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
