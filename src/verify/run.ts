// One `verify` run: target (stand-in or server), pre-flight, Pact Verifier with this run's
// provider states, cleanup, report. Pact is loaded here, dynamically, and nowhere else.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { CliIo } from "../cli/io.js";
import type { StandIn } from "../provider/index.js";
import { type ApinizerAdmin, createAdmin, describeAnswer, saysNotFound, saysProjectNotFound } from "./apinizer.js";
import { findPactFiles, type VerifyConfig, verifierOptions } from "./config.js";
import {
  buildReport,
  formatJUnit,
  formatReport,
  parseVerifierResults,
  redact,
  type VerificationReport,
} from "./report.js";
import { newRunId, Session } from "./session.js";

export const EXIT = {
  verified: 0,
  failed: 1,
  usage: 2,
  preflight: 3,
  cannotRun: 4,
  interrupted: 130,
} as const;

export interface RunResult {
  exitCode: number;
  report?: VerificationReport;
}

export class PreflightError extends Error {
  override name = "PreflightError";
}

type PactModule = { Verifier: new (options: never) => { verifyProvider(): Promise<unknown> } };

/** Loads Pact on demand (an optional peer dependency): `verify` is the only part needing it. */
export async function loadPact(): Promise<PactModule> {
  try {
    return (await import("@pact-foundation/pact")) as unknown as PactModule;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") {
      throw new Error(
        "verify needs the Pact library, which is not installed. Install it next to apinizer-connections:\n" +
          "  npm install --save-dev -E @pact-foundation/pact@17.1.4",
      );
    }
    throw e;
  }
}

/** Checks the server answers as Apinizer and accepts the token in the project, else throws. */
export async function preflight(admin: ApinizerAdmin, target: { baseUrl: string; projectName: string }, probe: string) {
  let health: Awaited<ReturnType<ApinizerAdmin["healthcheck"]>>;
  try {
    health = await admin.healthcheck();
  } catch (e) {
    throw new PreflightError(`cannot reach ${target.baseUrl}: ${(e as Error).message}`);
  }
  const text = typeof health.body === "string" ? health.body : JSON.stringify(health.body);
  if (health.status !== 200 || !/^"?OK"?$/i.test(text.trim())) {
    throw new PreflightError(
      `${target.baseUrl}/apiops/test/healthcheck answered ${describeAnswer(health)}, not 200 "OK": is this an Apinizer management console URL?`,
    );
  }
  let answer: Awaited<ReturnType<ApinizerAdmin["getConnection"]>>;
  try {
    answer = await admin.getConnection(target.projectName, probe);
  } catch (e) {
    throw new PreflightError(`token check failed: ${(e as Error).message}`);
  }
  if (answer.status === 401 || answer.status === 403) {
    throw new PreflightError(
      `the server rejected APINIZER_TOKEN (${answer.status}): check the token and its permissions`,
    );
  }
  // Get Connection answers "not found" both for the unused name and for a missing project
  // (404 for each, as Apinizer documents it): the message tells them apart.
  if (saysProjectNotFound(answer)) {
    throw new PreflightError(
      `project "${target.projectName}" was not found on ${target.baseUrl} (${describeAnswer(answer)}): check --project`,
    );
  }
  if (!saysNotFound(answer)) {
    throw new PreflightError(
      `token check: Get Connection of the unused name ${probe} answered ${describeAnswer(answer)}, expected "not found"`,
    );
  }
}

export async function runVerification(config: VerifyConfig, io: CliIo): Promise<RunResult> {
  io.env["PACT_DO_NOT_TRACK"] ??= "true";
  process.env["PACT_DO_NOT_TRACK"] ??= "true";

  let pact: PactModule;
  try {
    pact = await loadPact();
  } catch (e) {
    io.stderr(`verify: ${(e as Error).message}\n`);
    return { exitCode: EXIT.cannotRun };
  }

  const pactFiles = config.source.kind === "files" ? findPactFiles(config.source.path) : undefined;
  for (const f of pactFiles?.skipped ?? []) io.stderr(`verify: skipping ${f} (a pact of another provider)\n`);

  const runId = newRunId();
  let standIn: StandIn | undefined;
  let target: { baseUrl: string; projectName: string; token: string; label: string };
  if (config.target.kind === "stand-in") {
    const { serve, DEFAULT_PROJECT } = await import("../provider/index.js");
    const projectName = config.target.projectName ?? DEFAULT_PROJECT;
    standIn = await serve({ projects: [projectName] });
    target = {
      baseUrl: standIn.url,
      projectName,
      token: standIn.token,
      label: `the built-in Apinizer stand-in (${standIn.url})`,
    };
  } else {
    target = { ...config.target, label: `${config.target.baseUrl} (project ${config.target.projectName})` };
  }
  const secrets = [target.token];
  const say = (text: string) => io.stdout(redact(text, secrets));

  const timeoutMs = Math.round(config.timeoutSeconds * 1000);
  const admin = createAdmin({ baseUrl: target.baseUrl, token: target.token, timeoutMs, runId });
  const session = new Session({ admin, projectName: target.projectName, token: target.token, runId });
  const onAbort = () => session.interrupt();
  let reported = false;
  io.signal?.addEventListener("abort", onAbort, { once: true });

  try {
    try {
      await preflight(admin, target, `act-verify-${runId}-preflight`);
    } catch (e) {
      if (!(e instanceof PreflightError)) throw e;
      io.stderr(redact(`verify: pre-flight failed: ${e.message}\n`, secrets));
      return { exitCode: EXIT.preflight };
    }

    const sources = pactFiles?.files ?? [
      `Pact Broker ${config.source.kind === "broker" ? config.source.broker.url : ""}`,
    ];
    say(`Verifying ${sources.join(", ")} against ${target.label}; fixtures act-verify-${runId}-*\n`);

    const options = {
      ...verifierOptions(config, { providerBaseUrl: target.baseUrl, pactFiles: pactFiles?.files ?? [] }),
      stateHandlers: session.stateHandlers(),
      requestFilter: session.requestFilter(),
    };
    let raw: unknown;
    let verifierError: string | undefined;
    try {
      raw = await new pact.Verifier(options as never).verifyProvider();
    } catch (e) {
      raw = (e as Error).message;
      if (!parseVerifierResults(raw)) verifierError = (e as Error).message;
    }
    await session.cleanup();

    const report = buildReport({
      target: target.label,
      sources,
      results: parseVerifierResults(raw),
      slots: session.slots,
      runProblems: session.problems,
      stateless: session.stateless,
      ...(verifierError !== undefined ? { verifierError } : {}),
    });
    say(`\n${formatReport(report)}`);
    reported = true;
    if (config.junitFile) {
      mkdirSync(dirname(config.junitFile), { recursive: true });
      writeFileSync(config.junitFile, redact(formatJUnit(report), secrets));
      say(`JUnit report written to ${config.junitFile}\n`);
    }
    if (io.signal?.aborted) return { exitCode: EXIT.interrupted, report };
    if (report.interactions.length === 0) return { exitCode: EXIT.cannotRun, report };
    return { exitCode: report.passed ? EXIT.verified : EXIT.failed, report };
  } finally {
    io.signal?.removeEventListener("abort", onAbort);
    // Whatever happened above: nothing of this run stays on the server.
    const problems = await session.cleanup().catch((e: Error) => [e.message]);
    if (!reported) for (const p of problems) io.stderr(redact(`verify: ${p}\n`, secrets));
    await standIn?.close();
  }
}
