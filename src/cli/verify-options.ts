// `verify`'s flags and environment mapped onto the verify stage's VerifyOptions (src/verify/api.ts).
// Pure: a UsageError for anything unusable, never a value echoed.

import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ENVELOPES } from "../rules/envelope.js";
import {
  type BrokerOptions,
  MAX_NAMES,
  type VerifyOptions,
  type VerifySource,
  type VerifyTarget,
} from "../verify/index.js";
import { type Parsed, parseChoice, parseCount, parseTimeout, UsageError } from "./args.js";
import type { CliIo } from "./io.js";
import { checkName, httpUrlOf, serverUrl, tokenFrom } from "./target.js";
import { transportFrom } from "./transport.js";
import { MAX_SHARDS, MAX_WORKERS, type verifySpec, WIP_DAYS } from "./verify-spec.js";

/** The package's own contracts, next to dist/ (or src/) wherever the package is installed. */
export const DEFAULT_PACT_DIR = fileURLToPath(new URL("../../contracts", import.meta.url));

const LOG_LEVELS = ["off", "error", "warn", "info", "debug", "trace"] as const;

type Values = Parsed<typeof verifySpec.options>["values"];
type Origin = Parsed<typeof verifySpec.options>["origin"];
type Env = CliIo["env"];

/** VerifyOptions without what the CLI adds when it runs (signal, output). */
export type VerifySettings = Omit<VerifyOptions, "signal" | "output">;

function targetOf(values: Values, env: Env): VerifyTarget {
  const envelope = values.envelope === undefined ? undefined : parseChoice(values.envelope, "--envelope", ENVELOPES);
  const baseUrl = serverUrl(values, env);
  if (baseUrl === undefined) {
    const projectName = values.project === undefined ? undefined : checkName(values.project, "--project", "injected");
    return { kind: "stand-in", envelope, projectName };
  }
  const fromEnv = env["APINIZER_TEST_PROJECT"]?.trim();
  const project = values.project ?? (fromEnv === "" ? undefined : fromEnv);
  if (project === undefined) {
    throw new UsageError(
      "verifying a real server needs --project NAME (or APINIZER_TEST_PROJECT): an existing project where the run may create and delete its own fixtures",
    );
  }
  const label = values.project === undefined ? "APINIZER_TEST_PROJECT" : "--project";
  return {
    kind: "server",
    baseUrl,
    projectName: checkName(project, label, "injected"),
    token: tokenFrom(env, "APINIZER_TOKEN", "verifying a real server needs a Personal API Access Token") as string,
    limitedToken: tokenFrom(env, "APINIZER_LIMITED_TOKEN", false),
    envelope,
  };
}

/** PACT_BROKER_BASE_URL; with a pact URL and no PACT_BROKER_BASE_URL, the pact URL's origin. */
function brokerUrl(env: Env, pactUrl: string | undefined): string {
  const value = (env["PACT_BROKER_BASE_URL"] ?? "").trim();
  if (value === "" && pactUrl !== undefined) return new URL(pactUrl).origin;
  if (value === "") throw new UsageError("--broker needs PACT_BROKER_BASE_URL (the Pact Broker's URL)");
  return httpUrlOf(value, "PACT_BROKER_BASE_URL").replace(/\/+$/, "");
}

/** The broker's credentials; none for a broker without authentication (the Pact Broker's default). */
function brokerAuth(env: Env): BrokerOptions["auth"] {
  const token = tokenFrom(env, "PACT_BROKER_TOKEN", false);
  const username = (env["PACT_BROKER_USERNAME"] ?? "").trim();
  const password = env["PACT_BROKER_PASSWORD"] ?? "";
  if (token !== undefined) {
    if (username !== "") {
      throw new UsageError("set either PACT_BROKER_TOKEN or PACT_BROKER_USERNAME/PACT_BROKER_PASSWORD, not both");
    }
    return { token };
  }
  if (username === "") {
    if (password !== "") throw new UsageError("PACT_BROKER_PASSWORD is set but PACT_BROKER_USERNAME is not");
    return undefined;
  }
  if (password === "") throw new UsageError("PACT_BROKER_USERNAME is set but PACT_BROKER_PASSWORD is not");
  return { username, password };
}

function wipSince(value: string | undefined, origin: string | undefined, now: Date): string {
  if (value === undefined) return new Date(now.getTime() - WIP_DAYS * 86_400_000).toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new UsageError(`${origin ?? "--wip-since"} must be a date YYYY-MM-DD`);
  }
  return value;
}

/**
 * `--consumer-version-selectors`: a JSON array of selector objects (or one object), as Pact's
 * verifiers take them; the broker checks each selector's fields and its 400 is shown.
 */
function selectorsOf(value: string | undefined, label: string | undefined): BrokerOptions["selectors"] {
  if (value === undefined) return undefined;
  const name = label ?? "--consumer-version-selectors";
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new UsageError(`${name} must be JSON: an array of selector objects, e.g. [{"mainBranch":true}]`);
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length > 0;
  if (list.length === 0 || !list.every(isObject)) {
    throw new UsageError(`${name} must be a non-empty array of selector objects, e.g. [{"mainBranch":true}]`);
  }
  return list;
}

function buildUrl(env: Env): string | undefined {
  const github =
    env["GITHUB_RUN_ID"] && env["GITHUB_SERVER_URL"] && env["GITHUB_REPOSITORY"]
      ? `${env["GITHUB_SERVER_URL"]}/${env["GITHUB_REPOSITORY"]}/actions/runs/${env["GITHUB_RUN_ID"]}`
      : undefined;
  return [env["BUILD_URL"], env["CI_JOB_URL"], github].find((v) => v !== undefined && v.trim() !== "")?.trim();
}

/**
 * `--publish` only where the results are the provider's and cover whole pacts: a real server (not
 * the built-in stand-in), and every interaction in this run (not a shard).
 */
function checkPublishing(values: Values, target: VerifyTarget): void {
  if (target.kind === "stand-in") {
    throw new UsageError(
      "--publish needs a real server (--base-url or --base-url-from-env): results against the built-in stand-in are not the provider's",
    );
  }
  if (values.shard !== undefined) {
    throw new UsageError(
      "--publish and --shard exclude each other: a shard verifies only part of each pact, yet its published result would stand for the whole pact; to verify in parallel and publish, use --workers N in one run (or publish nothing from shards)",
    );
  }
}

function sourceOf(
  values: Values,
  origin: Origin,
  target: VerifyTarget,
  env: Env,
  cwd: string,
  now: Date,
): VerifySource {
  // --pact-url implies --broker; PACT_URL (like every broker variable) is read only with --broker.
  const pactUrlGiven = origin["pact-url"] === "--pact-url";
  if (values.broker !== true && !pactUrlGiven) {
    if (values.publish === true) throw new UsageError("--publish needs --broker (results are published to a broker)");
    if (origin["wip-since"] === "--wip-since") throw new UsageError("--wip-since needs --broker");
    if (origin["consumer-version-selectors"] === "--consumer-version-selectors")
      throw new UsageError("--consumer-version-selectors needs --broker");
    return { kind: "files", paths: (values.pact ?? [DEFAULT_PACT_DIR]).map((p) => resolve(cwd, p)) };
  }
  if (values.pact !== undefined) throw new UsageError("--pact and --broker exclude each other");
  const pactUrl =
    values["pact-url"] === undefined ? undefined : httpUrlOf(values["pact-url"], origin["pact-url"] ?? "--pact-url");
  const selectors = selectorsOf(values["consumer-version-selectors"], origin["consumer-version-selectors"]);
  if (pactUrl !== undefined && selectors !== undefined)
    throw new UsageError(
      "--pact-url and --consumer-version-selectors exclude each other: a pact URL names the one pact to verify",
    );
  const providerBranch = values["provider-branch"];
  if (providerBranch === undefined && origin["wip-since"] === "--wip-since")
    throw new UsageError(
      "--wip-since needs the provider branch (--provider-branch or PACT_PROVIDER_BRANCH): the Pact Broker selects work-in-progress pacts only for a provider branch",
    );
  if (providerBranch === undefined && selectors?.some((s) => s["matchingBranch"] === true))
    throw new UsageError(
      "a matchingBranch selector needs the provider branch (--provider-branch or PACT_PROVIDER_BRANCH)",
    );
  let publish: BrokerOptions["publish"];
  if (values.publish === true) {
    checkPublishing(values, target);
    const providerVersion = values["provider-version"];
    if (providerVersion === undefined) {
      throw new UsageError(
        "--publish needs the provider version: --provider-version (or PACT_PROVIDER_VERSION; never GIT_COMMIT, the consumer's)",
      );
    }
    if (providerBranch === undefined) {
      throw new UsageError(
        "--publish needs the provider branch: --provider-branch (or PACT_PROVIDER_BRANCH; never GIT_BRANCH, the consumer's)",
      );
    }
    publish = { providerVersion, providerBranch, buildUrl: buildUrl(env) };
  }
  const broker: BrokerOptions = {
    url: brokerUrl(env, pactUrl),
    auth: brokerAuth(env),
    providerBranch,
    includeWipPactsSince: wipSince(values["wip-since"], origin["wip-since"], now),
    selectors,
    pactUrl,
    publish,
  };
  return { kind: "broker", broker };
}

function shardOf(value: string | undefined): VerifySettings["shard"] {
  if (value === undefined) return undefined;
  const match = /^(\d{1,4})\/(\d{1,4})$/.exec(value.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || index < 1 || index > count || count > MAX_SHARDS) {
    throw new UsageError(`--shard must be I/N with 1 <= I <= N <= ${MAX_SHARDS}, e.g. 2/4`);
  }
  return { index, count };
}

function nativeLogOf(verbose: boolean, env: Env): VerifySettings["nativeLog"] {
  const level = (env["PACT_LOG_LEVEL"] ?? "").trim().toLowerCase();
  if (level === "") return verbose ? "info" : "off";
  return parseChoice(level, "PACT_LOG_LEVEL", LOG_LEVELS);
}

/**
 * A --pact that is not there is a usage error before the run starts (and says anything on stdout);
 * `given` are the values as typed, for the message. Throws UsageError.
 */
export function checkPactPaths(source: VerifySource, given: readonly string[] | undefined): void {
  if (source.kind !== "files") return;
  for (const [i, path] of source.paths.entries()) {
    if (!existsSync(path)) throw new UsageError(`--pact ${JSON.stringify(given?.[i] ?? path)} does not exist`);
  }
}

/** Everything `verify` was asked to do, as VerifyOptions; throws UsageError. */
export function settingsOf(parsed: Parsed<typeof verifySpec.options>, env: Env, cwd: string, now = new Date()) {
  const { values, origin } = parsed;
  const target = targetOf(values, env);
  return {
    target,
    source: sourceOf(values, origin, target, env, cwd, now),
    ...parseTimeout(values.timeout ?? "", origin.timeout ?? "--timeout"),
    shard: shardOf(values.shard),
    workers: parseCount(values.workers ?? "", "--workers", 1, MAX_WORKERS),
    conformance: parseChoice(values.conformance ?? "", "--conformance", ["fail", "report"] as const),
    requireCoverage: values["require-coverage"] === true,
    names: parseCount(values.names ?? "", "--names", 0, MAX_NAMES),
    fetch: transportFrom(env),
    nativeLog: nativeLogOf(values.verbose === true, env),
  } satisfies VerifySettings;
}
