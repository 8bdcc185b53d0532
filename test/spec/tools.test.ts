// The bundled spec in the tools the field uses, each run once and all side by side (one
// beforeAll starts them together): Spectral's `spectral:oas` (bundle and source folder),
// Redocly's `recommended-strict`, swagger-parser's validation, openapi-typescript, Prism's mock
// (every named example answered as documented) and Specmatic's example-driven contract tests
// against the stand-in, one run per envelope.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SwaggerParser from "@apidevtools/swagger-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serve } from "../../src/provider/index.js";
import { ENVELOPES, type Envelope } from "../../src/rules/envelope.js";
import { builtDist } from "../support/built.js";
import { envelopeView } from "../support/envelope-view.js";
import { DELETE_PATH, type NamedExample, NOT_RUNNABLE, namedExamples, seedFor } from "../support/example-runs.js";
import { portForLater } from "../support/net.js";
import { bundledSpec, repoRoot, type Spec, type ToolRun, tool } from "../support/spec.js";

const work = mkdtempSync(join(tmpdir(), "apinizer-tools-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const bin = (name: string) => join(repoRoot, "node_modules/.bin", name);

/** Specmatic is a Java program (17 or later): without `java` its tests are skipped, visibly (.ci/run installs it). */
const javaMissing = spawnSync("java", ["-version"]).error !== undefined;

/** Runs a command to its end; never throws for a non-zero exit. */
function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  return new Promise<ToolRun>((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd ?? repoRoot, env: { ...process.env, ...options.env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", (error) => resolve({ code: 127, output: String(error), stdout }));
    child.on("close", (code) => resolve({ code: code ?? 1, output: stdout + stderr, stdout }));
  });
}

// --- Spectral, Redocly, openapi-typescript, swagger-parser -------------------------------------

/** Spectral's findings as JSON (an empty list when clean), with the repository's .spectral.yaml; one process for all targets. */
async function spectral(...targets: string[]): Promise<{ run: ToolRun; findings: unknown[] }> {
  const result = await run(bin("spectral"), ["lint", "-r", ".spectral.yaml", "-f", "json", "--quiet", ...targets]);
  let findings: unknown[] = [];
  try {
    findings = JSON.parse(result.stdout || "[]") as unknown[];
  } catch {
    findings = [`unreadable output: ${result.output}`];
  }
  return { run: result, findings };
}

/** Redocly's `recommended-strict` alone on the bundle, with the one rule this API cannot follow off. */
function redoclyStrict(bundle: string): Promise<ToolRun> {
  const config = join(work, "redocly-strict.yaml");
  writeFileSync(
    config,
    [
      "extends:",
      "  - recommended-strict",
      "rules:",
      "  # API Ops requires the trailing slash (redocly.yaml says why).",
      "  no-path-trailing-slash: off",
      "",
    ].join("\n"),
  );
  return tool("redocly", ["lint", bundle, "--config", config]);
}

// --- Prism -----------------------------------------------------------------------------------

interface PrismAnswer {
  name: string;
  prefer: string;
  status: number;
  body: unknown;
}

/** Prism's mock of the bundle: for each named example, what `Prefer: code=…, example=…` answers, and `example=` alone for a non-200 one. */
async function prism(
  bundle: string,
  examples: readonly NamedExample[],
): Promise<{ answers: PrismAnswer[]; log: string }> {
  const port = await portForLater(); // Prism cannot pick its own
  const child = spawn(bin("prism"), ["mock", "--host", "127.0.0.1", "-p", String(port), bundle], { cwd: work });
  let log = "";
  const listening = new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk) => {
      log += chunk;
      if (log.includes("Prism is listening")) resolve();
    });
    child.stderr.on("data", (chunk) => (log += chunk));
    child.on("close", (code) => reject(new Error(`prism exited (${code}) before listening:\n${log}`)));
  });
  try {
    await listening;
    const ask = async (example: NamedExample, prefer: string): Promise<PrismAnswer> => {
      const path = `/apiops/projects/${example.projectName}/connections/${example.connectionName}/`;
      const res = await fetch(`http://127.0.0.1:${port}${path}`, {
        method: "DELETE",
        headers: { authorization: "Bearer EXAMPLE_TOKEN", prefer },
      });
      return { name: example.name, prefer, status: res.status, body: await res.json() };
    };
    const answers: PrismAnswer[] = [];
    for (const example of examples) answers.push(await ask(example, `code=${example.status}, example=${example.name}`));
    const non200 = examples.find((e) => e.status !== 200);
    if (non200) answers.push(await ask(non200, `example=${non200.name}`));
    return { answers, log };
  } finally {
    child.kill();
  }
}

// --- Specmatic -------------------------------------------------------------------------------

/**
 * The spec one Specmatic run reads: the envelope's view (schemas narrowed to it, statuses it
 * never answers dropped), Delete Connection only, with only `names` left as examples, on the
 * responses and the parameters.
 */
function specmaticSpec(spec: Spec, envelope: Envelope, names: ReadonlySet<string>): Spec {
  const view = envelopeView(spec, envelope);
  // Delete Connection only: its examples are the ones paired with request examples (the runnable
  // ones); Get, List and Create carry the other envelope's examples too, which this view's narrowed
  // schemas reject, and Specmatic refuses a spec with an example it cannot load.
  const item = view["paths"][DELETE_PATH];
  view["paths"] = { [DELETE_PATH]: { parameters: item.parameters, delete: item.delete } };
  for (const parameter of item.parameters as Spec[]) {
    parameter["examples"] = Object.fromEntries(
      Object.entries<Spec>(parameter["examples"]).filter(([name]) => names.has(name)),
    );
  }
  for (const response of Object.values<Spec>(item.delete.responses)) {
    const media = response["content"]?.["application/json"];
    if (media?.examples) {
      media.examples = Object.fromEntries(Object.entries<Spec>(media.examples).filter(([name]) => names.has(name)));
    }
  }
  return view;
}

interface SpecmaticRun {
  envelope: Envelope;
  run: ToolRun;
  /** Test name → failure text ("" when it passed), from Specmatic's JUnit report. */
  cases: Map<string, string>;
}

/** Specmatic's contract tests from one envelope's runnable examples against the stand-in speaking it. */
async function specmatic(spec: Spec, envelope: Envelope, examples: readonly NamedExample[]): Promise<SpecmaticRun> {
  const dir = mkdtempSync(join(work, `specmatic-${envelope}-`));
  const names = new Set(examples.map((e) => e.name));
  writeFileSync(join(dir, "openapi.json"), JSON.stringify(specmaticSpec(spec, envelope, names)));
  const standIn = await serve({ envelope, ...seedFor(examples) });
  try {
    const result = await run(
      "java",
      [
        // A short run: the quick compiler only and one GC thread halve the JVM's CPU time.
        "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC",
        "-jar",
        join(repoRoot, "node_modules/specmatic/specmatic.jar"),
        "test",
        "openapi.json",
        `--testBaseURL=${standIn.url}`,
        "--junitReportDir=junit",
        "--timeout-in-ms=10000",
      ],
      // Specmatic reads the token for the security scheme `bearerAuth` from the variable of that name.
      { cwd: dir, env: { bearerAuth: standIn.token } },
    );
    // Specmatic logs each request with its Authorization header: the run's token stays out of reports.
    const hide = (text: string) => text.replaceAll(standIn.token, "[REDACTED]");
    const cases = new Map([...junitCases(join(dir, "junit"))].map(([name, failure]) => [name, hide(failure)]));
    return { envelope, run: { ...result, output: hide(result.output), stdout: hide(result.stdout) }, cases };
  } finally {
    await standIn.close();
  }
}

/** The test cases of a JUnit report folder: name → failure message ("" for a pass). */
function junitCases(dir: string): Map<string, string> {
  const cases = new Map<string, string>();
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith(".xml"));
  } catch {
    return cases;
  }
  for (const file of files) {
    const xml = readFileSync(join(dir, file), "utf8");
    for (const m of xml.matchAll(/<testcase\b[^>]*\bname="([^"]*)"[^>]*?(?:\/>|>([\s\S]*?)<\/testcase>)/g)) {
      const failure = /<(failure|error)\b[^>]*?(?:message="([^"]*)")?/.exec(m[2] ?? "");
      cases.set(m[1] ?? "", failure ? failure[2] || failure[1] || "failed" : "");
    }
  }
  return cases;
}

// --- one start for all -----------------------------------------------------------------------

let spec: Spec;
let examples: NamedExample[];
let results: {
  spectral: Awaited<ReturnType<typeof spectral>>;
  redocly: ToolRun;
  openapiTs: ToolRun;
  swaggerParser: string | undefined;
  prism: Awaited<ReturnType<typeof prism>>;
  specmatic: SpecmaticRun[];
};

const runnable = (envelope: Envelope) => examples.filter((e) => e.envelope === envelope && !(e.name in NOT_RUNNABLE));

beforeAll(async () => {
  spec = await bundledSpec();
  examples = namedExamples(spec);
  // What `npm run bundle` makes (the suite's build, test/support/build-once.ts). Specmatic reads
  // the committed dereferenced bundle instead: it starts at once, while the build may still run.
  const bundle = builtDist().then((dist) => join(dist, "openapi.yaml"));
  const [spectralRun, redocly, openapiTs, swaggerParser, prismRun, ...specmaticRuns] = await Promise.all([
    // The bundle, and the source folder from its root (Spectral follows the $refs).
    bundle.then((b) => spectral(b, "openapi/openapi.yaml")),
    bundle.then(redoclyStrict),
    bundle.then((b) => tool("openapi-typescript", [b, "-o", join(work, "openapi.ts")])),
    bundle.then((b) =>
      SwaggerParser.validate(b).then(
        () => undefined,
        (error: Error) => error.message,
      ),
    ),
    bundle.then((b) => prism(b, examples)),
    ...(javaMissing ? [] : ENVELOPES.map((envelope) => specmatic(spec, envelope, runnable(envelope)))),
  ]);
  results = {
    spectral: spectralRun,
    redocly,
    openapiTs,
    swaggerParser,
    prism: prismRun,
    specmatic: specmaticRuns,
  };
}, 120_000);

describe("the bundled spec in the field's tools", () => {
  it("Spectral (spectral:oas): no finding in the bundle, none in the source folder", () => {
    const { findings, run: result } = results.spectral;
    expect(findings, result.output).toEqual([]);
    expect(result.code, result.output).toBe(0);
  });

  it("Redocly recommended-strict (only the trailing-slash rule off): valid, no warning", () => {
    expect(results.redocly.code, results.redocly.output).toBe(0);
    expect(results.redocly.output).toMatch(/Your API description is valid/);
    expect(results.redocly.output).not.toMatch(/warning/i);
  });

  it("swagger-parser: validates against the OpenAPI 3.1 schema and its own spec rules", () => {
    expect(results.swaggerParser).toBeUndefined();
  });

  it("openapi-typescript: generates types without a warning", () => {
    expect(results.openapiTs.code, results.openapiTs.output).toBe(0);
    expect(results.openapiTs.output).not.toMatch(/warn|error/i);
  });

  it("Prism: loads the spec without a warning and answers every named example as documented", () => {
    const { answers, log } = results.prism;
    const startup = log.slice(0, log.indexOf("Prism is listening"));
    expect(startup).not.toMatch(/warning|error/i);
    for (const example of examples) {
      const answer = answers.find((a) => a.name === example.name && a.prefer.startsWith("code="));
      expect(answer, example.name).toMatchObject({ status: example.status, body: example.body });
    }
  });

  it("Prism: `Prefer: example=` alone does not reach a non-200 example (it needs `code=` too, docs/stand-in.md)", () => {
    const alone = results.prism.answers.find((a) => !a.prefer.startsWith("code="));
    expect(alone?.status).toBe(404);
  });
});

describe.skipIf(javaMissing)(
  `Specmatic: one contract test per runnable named example, against serve speaking its envelope${javaMissing ? " (skipped: no java on PATH; Specmatic needs Java 17+, which .ci/run installs)" : ""}`,
  () => {
    it("every named example is either run or listed with the reason it cannot be", () => {
      const names = examples.map((e) => e.name);
      for (const name of Object.keys(NOT_RUNNABLE)) expect(names).toContain(name);
      const run = ENVELOPES.flatMap((envelope) => runnable(envelope).map((e) => e.name));
      expect([...run, ...Object.keys(NOT_RUNNABLE)].sort()).toEqual([...names].sort());
    });

    it.each(ENVELOPES)("%s envelope: each runnable example is one passing test", (envelope) => {
      const result = results.specmatic.find((r) => r.envelope === envelope);
      if (!result) throw new Error(`no Specmatic run for ${envelope}`);
      const expected = runnable(envelope).map((e) => e.name);
      expect(expected.length).toBeGreaterThan(0);
      // The report names each test by its example: "… with the request from the example 'NAME'".
      const byExample = new Map<string, string>();
      for (const [test, failure] of result.cases) {
        const name = /example '([^']+)'/.exec(test)?.[1];
        if (name) byExample.set(name, failure);
      }
      expect([...byExample.keys()].sort(), result.run.output).toEqual([...expected].sort());
      expect(
        [...byExample].filter(([, failure]) => failure !== ""),
        result.run.output,
      ).toEqual([]);
      expect(result.run.code, result.run.output).toBe(0);
    });
  },
);
