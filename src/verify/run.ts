// One `verify` run, orchestration only: read the pacts, choose the targets (built-in stand-ins,
// or a server after its pre-flight), verify each target's interactions (in shards, possibly in
// parallel), clean up every fixture whatever happened, then build the report.
import { randomBytes } from "node:crypto";
import { DEFAULT_PROJECT } from "../provider/index.js";
import { ENVELOPES, type Envelope } from "../rules/envelope.js";
import { injectionProblem } from "../rules/names.js";
import { redactor } from "../rules/secrets.js";
import { FIXTURE_PREFIX } from "./admin.js";
import type { InteractionResult, VerificationReport, VerifyOptions, VerifyOutcome } from "./api.js";
import { fetchBrokerPacts, publishResults } from "./broker.js";
import { type Conformance, loadConformance } from "./conformance.js";
import { type Interaction, interactionsOf, type LoadedPact, loadPactFile, pactFiles, shardOf } from "./pacts.js";
import { proxyProblem } from "./proxy.js";
import { reportOfProblem } from "./report.js";
import { runSession, type Session } from "./session.js";

/** 12 hex characters: fixture names of two runs never collide (48 random bits). */
export function newRunId(): string {
  return randomBytes(6).toString("hex");
}

async function loadPacts(
  options: VerifyOptions,
  problems: string[],
): Promise<{ pacts: LoadedPact[]; sources: string[] } | VerifyOutcome> {
  if (options.source.kind === "broker") {
    const fetched = await fetchBrokerPacts(options, ENVELOPES);
    if (!fetched.ok) {
      problems.push(fetched.problem);
      return fetched.interrupted ? "interrupted" : "cannot-run";
    }
    return { pacts: fetched.pacts, sources: [`Pact Broker ${options.source.broker.url}`] };
  }
  const { files, problems: found } = await pactFiles(options.source.paths);
  problems.push(...found);
  const pacts = await Promise.all(files.map(loadPactFile));
  for (const p of pacts) if (!p.ok) problems.push(`cannot use pact ${p.source}: ${p.problem}`);
  if (problems.length > 0) return "usage";
  return { pacts, sources: files };
}

function outcomeOf(
  results: readonly InteractionResult[],
  problems: readonly string[],
  stopped: boolean,
): VerifyOutcome {
  if (stopped) return "interrupted";
  if (results.length === 0) return "cannot-run";
  const bad = results.some((r) => r.verdict === "failed" || r.verdict === "error");
  return bad || problems.length > 0 ? "failed" : "verified";
}

/** Runs a verification; never throws for anything the server, the broker or the pacts do. */
export async function runVerification(options: VerifyOptions): Promise<VerificationReport> {
  const started = Date.now();
  const runId = options.runId ?? newRunId();
  if (!/^[0-9a-f]{12}$/.test(runId)) return reportOfProblem("usage", "the run id must be 12 lowercase hex characters");
  const secrets = options.target.kind === "server" ? [options.target.token, options.target.limitedToken] : [];
  if (options.source.kind === "broker") {
    const auth = options.source.broker.auth;
    secrets.push(...("token" in auth ? [auth.token] : [auth.username, auth.password]));
  }
  const redact = redactor(secrets);
  const line = (text: string): void => options.output.line(redact(text));
  const stop = options.signal ?? new AbortController().signal;
  const problems: string[] = [];
  // A run stopped before it verified anything says so, whatever stopped its requests.
  const early = (outcome: VerifyOutcome, problem: string, target?: string): VerificationReport => {
    const stopped = stop.aborted && outcome !== "usage";
    const main = stopped ? "interrupted before any interaction was verified" : problem;
    const report = reportOfProblem(stopped ? "interrupted" : outcome, redact(main), target, runId);
    return { ...report, problems: [...report.problems, ...problems.map(redact)], durationMs: Date.now() - started };
  };
  const projectName = options.target.projectName;
  const nameProblem = projectName === undefined ? undefined : injectionProblem(projectName);
  if (nameProblem !== undefined) return early("usage", `the project name ${nameProblem}`);
  if (stop.aborted) return early("interrupted", "interrupted before it started");

  const where =
    options.target.kind === "stand-in"
      ? "the built-in stand-in"
      : `${options.target.baseUrl} (project ${options.target.projectName})`;
  const what =
    options.source.kind === "broker"
      ? `the pacts of the Pact Broker ${options.source.broker.url}`
      : options.source.paths.join(", ");
  line(`Verifying ${what} against ${where}; fixtures act-verify-${runId}-* (run ${runId})`);
  for (const [url, what] of [
    [options.target.kind === "server" ? options.target.baseUrl : undefined, "the server"],
    [options.source.kind === "broker" ? options.source.broker.url : undefined, "the Pact Broker"],
  ] as const) {
    const problem = url === undefined ? undefined : proxyProblem(url, options.proxy, what);
    if (problem !== undefined) return early("preflight-failed", problem);
  }
  const loaded = await loadPacts(options, problems);
  if (typeof loaded === "string") {
    const main = problems.shift() ?? "the pacts could not be read";
    return early(loaded, main);
  }
  let { interactions, foreign } = interactionsOf(loaded.pacts);
  for (const f of foreign) line(`Skipping ${f}: not a provider this verifier knows`);
  if (options.shard !== undefined) interactions = shardOf(interactions, options.shard.index, options.shard.count);

  let conformance: Conformance | undefined;
  try {
    conformance = await loadConformance();
  } catch (error) {
    problems.push(
      `the spec's schemas could not be loaded, so answers were not checked against them: ${(error as Error).message}`,
    );
  }

  const session: Session = await runSession({
    options,
    runId,
    interactions,
    conformance,
    redact,
    line,
    stop,
    defaultProject: DEFAULT_PROJECT,
  });
  if (session.cannotRun !== undefined) return early("cannot-run", session.cannotRun, session.target);
  problems.push(...session.problems);
  if (session.preflightProblem !== undefined)
    return early("preflight-failed", session.preflightProblem, session.target);

  let outcome = outcomeOf(session.results, problems, stop.aborted);
  if (options.requireCoverage === true) {
    const missing = session.coverage.filter((c) => !c.exercised && c.status < 500);
    if (missing.length > 0) {
      problems.push(
        `documented answers not exercised (--require-coverage): ${missing.map((c) => `${c.status} ${c.envelope}`).join(", ")}`,
      );
      if (outcome === "verified") outcome = "failed";
    }
  }
  if (options.source.kind === "broker" && options.source.broker.publish !== undefined && !stop.aborted) {
    const published = await publishResults(options, session.results, interactions);
    problems.push(...published.problems);
    for (const note of published.notes) line(note);
    if (published.problems.length > 0 && outcome !== "interrupted") outcome = "cannot-run";
  }
  return {
    outcome,
    runId,
    target: session.target,
    envelopes: session.envelopes,
    sources: loaded.sources,
    interactions: session.results,
    problems: problems.map(redact),
    coverage: session.coverage,
    findings: session.findings,
    fixturesLeft: session.fixturesLeft,
    requestCount: session.requestCount,
    durationMs: Date.now() - started,
    ...(session.names !== undefined
      ? {
          names: {
            checked: session.names.checked,
            mishandled: session.names.mishandled.map((m) => ({ name: redact(m.name), problem: redact(m.problem) })),
          },
        }
      : {}),
  };
}

export type { Envelope, Interaction };
export { FIXTURE_PREFIX };
