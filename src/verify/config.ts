// `verify`'s settings from its arguments and the environment, and the Pact Verifier options each
// mode builds: pure functions, tested without a server or a broker.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseOptions, parseTimeout, UsageError } from "../cli/args.js";

import { CONSUMER, PROVIDERS } from "../rules/contract.js";

export { CONSUMER };
export const PROVIDER = PROVIDERS.success;
export const DEFAULT_TIMEOUT_SECONDS = 30;
/** The package's own contracts, next to dist/ (or src/) wherever the package is installed. */
export const DEFAULT_PACT_DIR = fileURLToPath(new URL("../../contracts/", import.meta.url));

export type Target =
  | { kind: "stand-in"; projectName?: string }
  | { kind: "server"; baseUrl: string; projectName: string; token: string };

export interface BrokerSettings {
  url: string;
  auth: { token: string } | { username: string; password: string };
  /** The branch of the provider being verified (selects `matchingBranch` pacts; published). */
  providerBranch?: string;
  includeWipPactsSince: string;
  publish?: { providerVersion: string; providerBranch: string; buildUrl?: string };
}

export interface VerifyConfig {
  target: Target;
  source: { kind: "files"; path: string } | { kind: "broker"; broker: BrokerSettings };
  timeoutSeconds: number;
  junitFile?: string;
  help: boolean;
}

export const verifyHelp = `Usage: apinizer-connections verify [options]

Verifies the recorded contracts (Pact files) with the Pact Verifier and prints a report: one line
per interaction, PASS or FAIL, and for a failure the expected and actual status and fields.

Target (where the requests go):
  (default)              the built-in Apinizer stand-in, started on a free loopback port
  --base-url URL         a real Apinizer, e.g. a staging one (or APINIZER_BASE_URL). Needs
                         APINIZER_TOKEN and --project. The run creates its own fixtures
                         (act-verify-<run id>-<n>) in that project and deletes them again; it
                         never touches anything else.
  --project NAME         existing project for the fixtures (or APINIZER_TEST_PROJECT)

Contracts (what is verified):
  --pact FILE|DIR        a pact file or a directory of them (default: the package's contracts/)
  --broker               fetch the pacts from a Pact Broker instead (PACT_BROKER_BASE_URL, and
                         PACT_BROKER_TOKEN or PACT_BROKER_USERNAME/PACT_BROKER_PASSWORD): main
                         branch, deployed or released, and matching-branch pacts; pending and
                         work-in-progress pacts enabled
  --wip-since DATE       include WIP pacts since DATE (YYYY-MM-DD; default: 30 days ago, or
                         PACT_INCLUDE_WIP_PACTS_SINCE)
  --provider-branch B    branch of this provider (or GIT_BRANCH, GITHUB_HEAD_REF/GITHUB_REF_NAME,
                         CI_COMMIT_REF_NAME)
  --publish              publish the results to the broker (needs a provider version and branch)
  --provider-version V   version of this provider (or GIT_COMMIT, GITHUB_SHA, CI_COMMIT_SHA)

Output:
  --junit FILE           also write JUnit XML
  --timeout DURATION     limit for each request to the server: seconds ("30", "2.5") or
                         "1500ms" (default ${DEFAULT_TIMEOUT_SECONDS})
  -h, --help             this help

The token comes from APINIZER_TOKEN only (never from the command line) and never appears in
the report, the logs or the JUnit file.

Exit codes: 0 all verified; 1 verification failed (a mismatch, a state that could not be set up,
a fixture left behind); 2 usage error (including no pact files found); 3 pre-flight failed
(server unreachable, not Apinizer, token rejected, project missing); 4 the verifier could not run
(Pact not installed, the verifier crashed or found nothing to verify); 130 interrupted.
`;

const nonEmpty = (v: string | undefined): string | undefined =>
  v !== undefined && v.trim() !== "" ? v.trim() : undefined;
const firstOf = (...values: (string | undefined)[]) => values.map(nonEmpty).find((v) => v !== undefined);

function daysAgo(now: Date, days: number): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);
}

const OPTIONS = {
  "base-url": { type: "string" },
  project: { type: "string" },
  pact: { type: "string" },
  junit: { type: "string" },
  timeout: { type: "string" },
  broker: { type: "boolean" },
  publish: { type: "boolean" },
  "provider-version": { type: "string" },
  "provider-branch": { type: "string" },
  "wip-since": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** Parses `verify`'s arguments and environment; throws UsageError with a clear message. */
export function parseVerifyArgs(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  now: Date = new Date(),
): VerifyConfig {
  const values = parseOptions(argv, OPTIONS);
  if (values.help === true) {
    return {
      target: { kind: "stand-in" },
      source: { kind: "files", path: DEFAULT_PACT_DIR },
      timeoutSeconds: DEFAULT_TIMEOUT_SECONDS,
      help: true,
    };
  }

  const timeoutSeconds = values.timeout === undefined ? DEFAULT_TIMEOUT_SECONDS : parseTimeout(values.timeout) / 1000;

  const baseUrl = firstOf(values["base-url"], env["APINIZER_BASE_URL"]);
  const projectName = firstOf(values.project, env["APINIZER_TEST_PROJECT"]);
  if (projectName !== undefined && (projectName.includes("/") || projectName.includes("\\"))) {
    throw new UsageError("--project must be one path segment (no '/' or '\\')");
  }
  let target: Target;
  if (baseUrl === undefined) {
    target = { kind: "stand-in", ...(projectName !== undefined ? { projectName } : {}) };
  } else {
    let url: URL;
    try {
      url = new URL(baseUrl);
    } catch {
      throw new UsageError("--base-url (or APINIZER_BASE_URL) is not a valid URL");
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new UsageError(`--base-url must be an http(s) URL, not '${url.protocol}'`);
    }
    if (url.username || url.password || url.search || url.hash) {
      throw new UsageError("--base-url must not carry credentials, a query or a fragment");
    }
    const token = env["APINIZER_TOKEN"];
    if (!token || !/^\S+$/.test(token)) {
      throw new UsageError("verifying a real server needs its token in APINIZER_TOKEN (a Personal API Access Token)");
    }
    if (projectName === undefined) {
      throw new UsageError(
        "verifying a real server needs --project NAME (or APINIZER_TEST_PROJECT): an existing project where the run may create and delete its own fixtures",
      );
    }
    target = { kind: "server", baseUrl: url.toString().replace(/\/+$/, ""), projectName, token };
  }

  const providerBranch = firstOf(
    values["provider-branch"],
    env["GIT_BRANCH"],
    env["GITHUB_HEAD_REF"],
    env["GITHUB_REF_NAME"],
    env["CI_COMMIT_REF_NAME"],
  );
  const providerVersion = firstOf(
    values["provider-version"],
    env["GIT_COMMIT"],
    env["GITHUB_SHA"],
    env["CI_COMMIT_SHA"],
  );

  let source: VerifyConfig["source"];
  if (values.broker) {
    if (values.pact !== undefined) throw new UsageError("--pact and --broker exclude each other");
    source = { kind: "broker", broker: brokerSettings(env, { values, providerBranch, providerVersion, now }) };
  } else {
    if (values.publish) throw new UsageError("--publish needs --broker (results are published to a Pact Broker)");
    if (values["wip-since"] !== undefined) throw new UsageError("--wip-since needs --broker");
    source = { kind: "files", path: resolve(values.pact ?? DEFAULT_PACT_DIR) };
  }

  return {
    target,
    source,
    timeoutSeconds,
    help: false,
    ...(values.junit !== undefined ? { junitFile: resolve(values.junit) } : {}),
  };
}

function brokerSettings(
  env: Record<string, string | undefined>,
  a: {
    values: { publish?: boolean; "wip-since"?: string };
    providerBranch: string | undefined;
    providerVersion: string | undefined;
    now: Date;
  },
): BrokerSettings {
  const url = nonEmpty(env["PACT_BROKER_BASE_URL"]);
  if (!url) throw new UsageError("--broker needs PACT_BROKER_BASE_URL (the Pact Broker's URL)");
  if (!/^https?:\/\//.test(url)) throw new UsageError("PACT_BROKER_BASE_URL must be an http(s) URL");
  const token = nonEmpty(env["PACT_BROKER_TOKEN"]);
  const username = nonEmpty(env["PACT_BROKER_USERNAME"]);
  const password = env["PACT_BROKER_PASSWORD"];
  let auth: BrokerSettings["auth"];
  if (token) {
    if (username)
      throw new UsageError("set either PACT_BROKER_TOKEN or PACT_BROKER_USERNAME/PACT_BROKER_PASSWORD, not both");
    auth = { token };
  } else if (username) {
    if (!password) throw new UsageError("PACT_BROKER_USERNAME is set but PACT_BROKER_PASSWORD is not");
    auth = { username, password };
  } else {
    throw new UsageError("--broker needs PACT_BROKER_TOKEN, or PACT_BROKER_USERNAME and PACT_BROKER_PASSWORD");
  }
  const wip = firstOf(a.values["wip-since"], env["PACT_INCLUDE_WIP_PACTS_SINCE"]) ?? daysAgo(a.now, 30);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(wip) || Number.isNaN(Date.parse(wip))) {
    throw new UsageError("--wip-since must be a date YYYY-MM-DD");
  }
  let publish: BrokerSettings["publish"];
  if (a.values.publish) {
    if (!a.providerVersion) {
      throw new UsageError(
        "--publish needs the provider version: --provider-version V (or GIT_COMMIT, GITHUB_SHA, CI_COMMIT_SHA)",
      );
    }
    if (!a.providerBranch) {
      throw new UsageError(
        "--publish needs the provider branch: --provider-branch B (or GIT_BRANCH, GITHUB_HEAD_REF/GITHUB_REF_NAME, CI_COMMIT_REF_NAME)",
      );
    }
    const buildUrl = firstOf(
      env["BUILD_URL"],
      env["CI_JOB_URL"],
      env["GITHUB_RUN_ID"] && env["GITHUB_SERVER_URL"] && env["GITHUB_REPOSITORY"]
        ? `${env["GITHUB_SERVER_URL"]}/${env["GITHUB_REPOSITORY"]}/actions/runs/${env["GITHUB_RUN_ID"]}`
        : undefined,
    );
    publish = {
      providerVersion: a.providerVersion,
      providerBranch: a.providerBranch,
      ...(buildUrl ? { buildUrl } : {}),
    };
  }
  return {
    url: url.replace(/\/+$/, ""),
    auth,
    includeWipPactsSince: wip,
    ...(a.providerBranch ? { providerBranch: a.providerBranch } : {}),
    ...(publish ? { publish } : {}),
  };
}

/** The Pact Verifier's options for fetching from a broker (and publishing, when asked). */
export function brokerVerifierOptions(b: BrokerSettings): Record<string, unknown> {
  const selectors: Record<string, unknown>[] = [{ mainBranch: true }, { deployedOrReleased: true }];
  if (b.providerBranch) selectors.push({ matchingBranch: true });
  return {
    provider: PROVIDER,
    pactBrokerUrl: b.url,
    ...("token" in b.auth
      ? { pactBrokerToken: b.auth.token }
      : { pactBrokerUsername: b.auth.username, pactBrokerPassword: b.auth.password }),
    consumerVersionSelectors: selectors,
    enablePending: true,
    includeWipPactsSince: b.includeWipPactsSince,
    ...(b.providerBranch ? { providerVersionBranch: b.providerBranch } : {}),
    ...(b.publish
      ? {
          publishVerificationResult: true,
          providerVersion: b.publish.providerVersion,
          providerVersionBranch: b.publish.providerBranch,
          ...(b.publish.buildUrl ? { buildUrl: b.publish.buildUrl } : {}),
        }
      : {}),
  };
}

/**
 * The native verifier's limit is per call, and one state change is one call that makes up to three
 * requests of its own to the server (look, create; or look, delete, look), each allowed --timeout.
 */
export const VERIFIER_TIMEOUT_FACTOR = 4;

/**
 * The Verifier options of a run, without a single `undefined` value (the Verifier throws on
 * those). With pact files the provider name is left out on purpose: pact-core adds the broker
 * in PACT_BROKER_BASE_URL as a second source whenever a provider name is set.
 */
export function verifierOptions(
  config: Pick<VerifyConfig, "source" | "timeoutSeconds">,
  runtime: { providerBaseUrl: string; pactFiles: readonly string[] },
): Record<string, unknown> {
  const common = {
    providerBaseUrl: runtime.providerBaseUrl,
    timeout: Math.round(config.timeoutSeconds * 1000) * VERIFIER_TIMEOUT_FACTOR,
    logLevel: "error",
  };
  if (config.source.kind === "broker") return { ...common, ...brokerVerifierOptions(config.source.broker) };
  return { ...common, pactUrls: [...runtime.pactFiles] };
}

/** Pact files of this provider in a file or directory (other providers' pacts are skipped). */
export function findPactFiles(path: string): { files: string[]; skipped: string[] } {
  if (!existsSync(path)) {
    throw new UsageError(
      path === resolve(DEFAULT_PACT_DIR)
        ? `no contracts at ${path} (run the consumer tests first: npm run test:consumer)`
        : `--pact: ${path} does not exist`,
    );
  }
  const candidates = statSync(path).isDirectory()
    ? readdirSync(path)
        .filter((f) => f.endsWith(".json"))
        .sort()
        .map((f) => join(path, f))
    : [path];
  const files: string[] = [];
  const skipped: string[] = [];
  for (const file of candidates) {
    let provider: unknown;
    try {
      provider = (JSON.parse(readFileSync(file, "utf8")) as { provider?: { name?: unknown } }).provider?.name;
    } catch {
      throw new UsageError(`${file} is not a pact file (not JSON)`);
    }
    (provider === PROVIDER ? files : skipped).push(file);
  }
  if (files.length === 0) throw new UsageError(`no pact files for provider "${PROVIDER}" in ${path}`);
  return { files, skipped };
}
