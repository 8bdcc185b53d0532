// Where a run starts (index.ts calls runVerification): the pacts are loaded (files or the
// broker), the run's id and redaction are set, the session verifies them on its targets, and the
// results are published when asked. The order a run follows, one file per step:
//   index.ts → run.ts → session.ts (targets, workers, cleanup) → engine.ts (one target's
//   interactions) → native/ (the Pact verifier, its harness and the safety gate) → server/.
import { ENVELOPES } from "../rules/envelope.js";
import { injectionProblem } from "../rules/names.js";
import { redactor } from "../rules/secrets.js";
import type { InteractionResult, VerificationReport, VerifyOptions, VerifyOutcome } from "./api.js";
import { fetchBrokerPacts, publishingProblem, publishResults } from "./broker.js";
import { type Conformance, loadConformance } from "./checks/conformance.js";
import { interactionsOf, type LoadedPact, loadPactFile, pactFiles, shardOf } from "./pacts.js";
import { reportOfProblem } from "./report.js";
import { FIXTURE_PREFIX } from "./server/admin.js";
import { isRunId, newRunId } from "./server/fixtures.js";
import { runSession, type Session, type SessionLeft } from "./session.js";

async function loadPacts(
  options: VerifyOptions,
  problems: string[],
  line: (text: string) => void,
): Promise<{ pacts: LoadedPact[]; sources: string[] } | VerifyOutcome> {
  if (options.source.kind === "broker") {
    const fetched = await fetchBrokerPacts(options, ENVELOPES);
    if (!fetched.ok) {
      problems.push(fetched.problem);
      return fetched.interrupted ? "interrupted" : "cannot-run";
    }
    for (const note of fetched.notes) line(note);
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

/** Why the run may not start (a project name the verifier cannot inject, publishing options), if it may not. */
function startProblem(options: VerifyOptions): { outcome: VerifyOutcome; problem: string } | undefined {
  const projectName = options.target.projectName;
  const nameProblem = projectName === undefined ? undefined : injectionProblem(projectName);
  if (nameProblem !== undefined) return { outcome: "usage", problem: `the project name ${nameProblem}` };
  const publishing = publishingProblem(options);
  if (publishing !== undefined) return { outcome: "usage", problem: publishing };
  return undefined;
}

/** The outcome after --require-coverage and --publish, which add their problems to `problems`. */
async function finalOutcome(
  options: VerifyOptions,
  session: Session,
  problems: string[],
  line: (text: string) => void,
): Promise<VerifyOutcome> {
  const stopped = options.signal?.aborted === true;
  let outcome = outcomeOf(session.results, problems, stopped);
  const missing = session.coverage.filter((c) => !c.exercised && c.status < 500);
  if (options.requireCoverage === true && missing.length > 0) {
    problems.push(
      `documented answers not exercised (--require-coverage): ${missing.map((c) => `${c.status} ${c.envelope}`).join(", ")}`,
    );
    if (outcome === "verified") outcome = "failed";
  }
  if (options.source.kind === "broker" && options.source.broker.publish !== undefined && !stopped) {
    const published = await publishResults(options, session.results);
    problems.push(...published.problems);
    for (const note of published.notes) line(note);
    if (published.problems.length > 0 && outcome !== "interrupted") outcome = "cannot-run";
  }
  return outcome;
}

/** Loads the spec's schemas for the conformance check; a problem of the run when ajv is missing. */
async function conformanceOrProblem(problems: string[]): Promise<Conformance | undefined> {
  try {
    return await loadConformance();
  } catch (error) {
    problems.push(
      `the spec's schemas could not be loaded, so answers were not checked against them: ${(error as Error).message}`,
    );
    return undefined;
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
  const early = (outcome: VerifyOutcome, problem: string, session?: SessionLeft): VerificationReport => {
    const stopped = stop.aborted && outcome !== "usage";
    const main = stopped ? "interrupted before any interaction was verified" : problem;
    const report = reportOfProblem(stopped ? "interrupted" : outcome, redact(main), session?.target, runId);
    return {
      ...report,
      problems: [...report.problems, ...problems.map(redact)],
      fixturesLeft: session?.fixturesLeft ?? [],
      requestCount: session?.requestCount ?? 0,
      durationMs: Date.now() - started,
    };
  };
  // Refused options are a usage verdict alone: the first line is for a run that starts.
  const refused = startProblem(options);
  if (refused !== undefined) return early(refused.outcome, refused.problem);
  line(firstLine(options, runId));
  if (stop.aborted) return early("interrupted", "interrupted before it started");
  const loaded = await loadPacts(options, problems, line);
  if (typeof loaded === "string") return early(loaded, problems.shift() ?? "the pacts could not be read");
  let { interactions, foreign } = interactionsOf(loaded.pacts);
  for (const f of foreign) line(`Skipping ${f}: not a provider this verifier knows`);
  if (options.shard !== undefined) interactions = shardOf(interactions, options.shard.index, options.shard.count);
  const conformance = await conformanceOrProblem(problems);
  const input = { options, runId, interactions, conformance, redact, line, stop };
  const ran = await runSession(input);
  const left = ran.ok ? ran : ran.left;
  problems.push(...left.problems);
  if (!ran.ok) return early(ran.outcome, ran.problem, left);
  const session: Session = ran;
  const outcome = await finalOutcome(options, session, problems, line);
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
