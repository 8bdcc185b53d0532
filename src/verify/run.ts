// Where a run starts (index.ts calls runVerification): the pacts are loaded (files or the
// broker), the run's id and redaction are set, the session verifies them on its targets, and the
// results are published when asked. The order a run follows, one file per step:
//   index.ts → run.ts → session.ts (targets, workers, cleanup) → engine.ts (one target's
//   interactions) → native/ (the Pact verifier, its harness and the safety gate) → server/.
import { ENVELOPES } from "../rules/envelope.js";
import { redactor } from "../rules/secrets.js";
import type { InteractionResult, VerificationReport, VerifyOptions, VerifyOutcome } from "./api.js";
import { fetchBrokerPacts } from "./broker/pacts.js";
import { publishingProblem, publishResults } from "./broker/results.js";
import { type Conformance, loadConformance } from "./checks/conformance.js";
import type { Problem, Step } from "./outcome.js";
import { interactionsOf, type LoadedPact, loadPactFile, pactFiles, shardOf } from "./pacts.js";
import { reportOfProblem } from "./report.js";
import { FIXTURE_PREFIX, projectProblem, serverProblem } from "./server/admin.js";
import { isRunId, newRunId } from "./server/fixtures.js";
import { runSession, type Session, type SessionLeft } from "./session.js";

/** The pacts to verify (files or the broker); the broker's notes go to `line`. Failing, `more` holds the problems after the first. */
async function loadPacts(
  options: VerifyOptions,
  line: (text: string) => void,
): Promise<Step<{ pacts: LoadedPact[]; sources: string[] }, { readonly more: readonly string[] }>> {
  if (options.source.kind === "broker") {
    const fetched = await fetchBrokerPacts(options, ENVELOPES);
    if (!fetched.ok) {
      const outcome = fetched.interrupted ? "interrupted" : "cannot-run";
      return { ok: false, outcome, problem: fetched.problem, more: [] };
    }
    for (const note of fetched.notes) line(note);
    return { ok: true, pacts: fetched.pacts, sources: [`Pact Broker ${options.source.broker.url}`] };
  }
  const { files, problems: found } = await pactFiles(options.source.paths);
  const pacts = await Promise.all(files.map(loadPactFile));
  const unusable = pacts.flatMap((p) => (p.ok ? [] : [`cannot use pact ${p.source}: ${p.problem}`]));
  const [problem, ...more] = [...found, ...unusable];
  if (problem !== undefined) return { ok: false, outcome: "usage", problem, more };
  return { ok: true, pacts, sources: files };
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

/** Every secret the run knows: the server's tokens and the broker's credentials. */
function secretsOfOptions(options: VerifyOptions): (string | undefined)[] {
  const secrets = options.target.kind === "server" ? [options.target.token, options.target.limitedToken] : [];
  if (options.source.kind === "broker") {
    const auth = options.source.broker.auth;
    if (auth !== undefined) secrets.push(...("token" in auth ? [auth.token] : [auth.username, auth.password]));
  }
  return secrets;
}

/** The run's first line: what is verified, against what, and the run's fixtures. */
function firstLine(options: VerifyOptions, runId: string): string {
  const { target, source } = options;
  const where =
    target.kind === "stand-in" ? "the built-in stand-in" : `${target.baseUrl} (project ${target.projectName})`;
  const what = source.kind === "broker" ? `the pacts of the Pact Broker ${source.broker.url}` : source.paths.join(", ");
  return `Verifying ${what} against ${where}; fixtures ${FIXTURE_PREFIX}${runId}-* (run ${runId})`;
}

/** Why the run may not start (a server the client refuses, a project name the verifier cannot inject, publishing options), if it may not. */
function startProblem(options: VerifyOptions): Problem | undefined {
  const { target } = options;
  const refused = target.kind === "server" ? serverProblem(target) : projectProblem(target.projectName);
  if (refused !== undefined) return { outcome: "usage", problem: refused };
  const publishing = publishingProblem(options);
  if (publishing !== undefined) return { outcome: "usage", problem: publishing };
  return undefined;
}

/** The outcome after --require-coverage and --publish, with the problems they found. */
async function finalOutcome(
  options: VerifyOptions,
  session: Session,
  problems: readonly string[],
  line: (text: string) => void,
): Promise<{ outcome: VerifyOutcome; problems: string[] }> {
  const stopped = options.signal?.aborted === true;
  let outcome = outcomeOf(session.results, problems, stopped);
  const found: string[] = [];
  const missing = session.coverage.filter((c) => !c.exercised && c.status < 500);
  if (options.requireCoverage === true && missing.length > 0) {
    found.push(
      `documented answers not exercised (--require-coverage): ${missing.map((c) => `${c.status} ${c.envelope}`).join(", ")}`,
    );
    if (outcome === "verified") outcome = "failed";
  }
  if (options.source.kind === "broker" && options.source.broker.publish !== undefined && !stopped) {
    const published = await publishResults(options, session.results);
    found.push(...published.problems);
    for (const note of published.notes) line(note);
    if (published.problems.length > 0 && outcome !== "interrupted") outcome = "cannot-run";
  }
  return { outcome, problems: found };
}

/** Loads the spec's schemas for the conformance check; a problem of the run (it goes on) when ajv is missing. */
async function conformanceOrProblem(): Promise<Step<{ conformance: Conformance }>> {
  try {
    return { ok: true, conformance: await loadConformance() };
  } catch (error) {
    const problem = `the spec's schemas could not be loaded, so answers were not checked against them: ${(error as Error).message}`;
    return { ok: false, outcome: "failed", problem };
  }
}

/** Runs a verification; never throws for anything the server, the broker or the pacts do. */
export async function runVerification(options: VerifyOptions): Promise<VerificationReport> {
  const started = Date.now();
  const runId = options.runId ?? newRunId();
  if (!isRunId(runId)) return reportOfProblem("usage", "the run id must be 12 lowercase hex characters");
  const redact = redactor(secretsOfOptions(options));
  const line = (text: string): void => options.output.line(redact(text));
  const stop = options.signal ?? new AbortController().signal;
  const problems: string[] = [];
  // A run stopped before it verified anything says so, whatever stopped its requests.
  // What a session that did start left behind (its requests, fixtures it could not remove) is kept.
  const early = (stopped: Problem, left?: SessionLeft): VerificationReport => {
    const interrupted = stop.aborted && stopped.outcome !== "usage";
    const main = interrupted ? "interrupted before any interaction was verified" : stopped.problem;
    const report = reportOfProblem(interrupted ? "interrupted" : stopped.outcome, redact(main), left?.target, runId);
    return {
      ...report,
      problems: [...report.problems, ...problems.map(redact)],
      fixturesLeft: left?.fixturesLeft ?? [],
      requestCount: left?.requestCount ?? 0,
      durationMs: Date.now() - started,
    };
  };
  // Refused options are a usage verdict alone: the first line is for a run that starts.
  const refused = startProblem(options);
  if (refused !== undefined) return early(refused);
  line(firstLine(options, runId));
  if (stop.aborted) return early({ outcome: "interrupted", problem: "interrupted before it started" });
  const loaded = await loadPacts(options, line);
  if (!loaded.ok) {
    problems.push(...loaded.more);
    return early(loaded);
  }
  let { interactions, foreign } = interactionsOf(loaded.pacts);
  for (const f of foreign) line(`Skipping ${f}: not a provider this verifier knows`);
  if (options.shard !== undefined) interactions = shardOf(interactions, options.shard.index, options.shard.count);
  const checks = await conformanceOrProblem();
  if (!checks.ok) problems.push(checks.problem);
  const conformance = checks.ok ? checks.conformance : undefined;
  const input = { options, runId, interactions, conformance, redact, line, stop };
  const ran = await runSession(input);
  const left = ran.ok ? ran : ran.left;
  problems.push(...left.problems);
  if (!ran.ok) return early(ran, left);
  const session: Session = ran;
  const final = await finalOutcome(options, session, problems, line);
  problems.push(...final.problems);
  const { outcome } = final;
  const { names } = session;
  return {
    outcome,
    runId,
    target: session.target,
    envelopes: session.envelopes,
    sources: loaded.sources,
    interactions: session.results,
    problems: problems.map(redact),
    coverage: session.coverage,
    fixturesLeft: session.fixturesLeft,
    requestCount: session.requestCount,
    durationMs: Date.now() - started,
    ...(names === undefined
      ? {}
      : {
          names: {
            checked: names.checked,
            mishandled: names.mishandled.map((m) => ({ name: redact(m.name), problem: redact(m.problem) })),
          },
        }),
  };
}
