// The publication of verification results to the Pact Broker: the provider version on its branch,
// then one result per pact verified in this run. A failed publication is a problem of the run,
// because `--publish` gates releases.
import type { BrokerOptions, InteractionResult, VerifyOptions } from "../api.js";
import { interactionOf } from "../outcome.js";
import type { Interaction } from "../pacts.js";
import { answered, brokerClient, describeFailure } from "./client.js";
import { noticesOfPact } from "./pacts.js";

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
  const when = `after_verification:success_${success}_published_${published}`;
  return noticesOfPact(pact.pact)
    .filter((n) => n.when === when)
    .map((n) => `  ${n.text}`);
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
