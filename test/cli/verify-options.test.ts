// `verify`'s flags and environment → VerifyOptions (src/cli/verify-options.ts): the explicit
// target, names checked at parse time, broker and publishing settings, and the run settings.
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseOptions, UsageError } from "../../src/cli/args.js";
import { DEFAULT_PACT_DIR, settingsOf } from "../../src/cli/verify-options.js";
import { verifySpec } from "../../src/cli/verify-spec.js";

const TOKEN = "verify-token-3f9a1c";
const NOW = new Date("2026-09-15T12:00:00Z");

function settings(argv: string[], env: Record<string, string> = {}) {
  return settingsOf(parseOptions(argv, verifySpec.options, env), env, "/work/here", NOW);
}

/** The UsageError message of a call that must fail. */
function refusal(argv: string[], env: Record<string, string> = {}): string {
  try {
    settings(argv, env);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error("expected a usage error");
}

const STAGING = {
  APINIZER_BASE_URL: "https://staging.example.com",
  APINIZER_TEST_PROJECT: "ContractTests",
  APINIZER_TOKEN: TOKEN,
};

describe("the target is explicit", () => {
  it("a plain verify targets the stand-in, whatever APINIZER_BASE_URL and APINIZER_TEST_PROJECT say", () => {
    const s = settings([], STAGING);
    expect(s.target).toEqual({ kind: "stand-in", envelope: undefined, projectName: undefined });
    expect(s.source).toEqual({ kind: "files", paths: [resolve(DEFAULT_PACT_DIR)] });
  });

  it("--base-url targets that server; APINIZER_TEST_PROJECT may then supply --project", () => {
    const s = settings(["--base-url", "https://other.example.com/gw/"], STAGING);
    expect(s.target).toEqual({
      kind: "server",
      baseUrl: "https://other.example.com/gw",
      projectName: "ContractTests",
      token: TOKEN,
      limitedToken: undefined,
      envelope: undefined,
    });
  });

  it("--base-url-from-env reads APINIZER_BASE_URL; APINIZER_LIMITED_TOKEN and --envelope are passed on", () => {
    const s = settings(["--base-url-from-env", "--project", "P", "--envelope", "status"], {
      ...STAGING,
      APINIZER_LIMITED_TOKEN: "limited-token-1",
    });
    expect(s.target).toMatchObject({
      kind: "server",
      baseUrl: "https://staging.example.com",
      projectName: "P",
      limitedToken: "limited-token-1",
      envelope: "status",
    });
  });

  it("a real server needs a project and a usable token", () => {
    expect(refusal(["--base-url", "https://x.example"], { APINIZER_TOKEN: TOKEN })).toMatch(/needs --project NAME/);
    expect(refusal(["--base-url", "https://x.example", "--project", "P"])).toMatch(/APINIZER_TOKEN is not set/);
    expect(refusal(["--base-url-from-env"], {})).toMatch(/APINIZER_BASE_URL is not set/);
    expect(refusal(["--base-url", "https://x.example", "--base-url-from-env"], STAGING)).toMatch(/not both/);
    expect(refusal(["--base-url-from-env"], { ...STAGING, APINIZER_BASE_URL: "staging.example.com" })).toMatch(
      /^APINIZER_BASE_URL has no scheme/,
    );
  });

  // Issue 10 item 6: names the verifier injects into paths are checked at parse time.
  it.each([
    ["a+b", undefined],
    ["My Project", undefined],
    ["Q?x", /--project must not contain "%", "\?" or "#"/],
    ["a%20b", /must not contain "%"/],
    ["frag#x", /must not contain "%", "\?" or "#"/],
    ["..", /--project must not be a dot segment/],
    ["%2e", /dot segment/],
    ["a/b", /must not contain "\/"/],
  ])("--project %j: %s", (project, problem) => {
    for (const target of [[], ["--base-url", "https://x.example"]]) {
      const argv = [...target, "--project", project];
      if (problem === undefined) expect(settings(argv, STAGING).target.projectName).toBe(project);
      else expect(refusal(argv, STAGING)).toMatch(problem);
    }
  });

  it("APINIZER_TEST_PROJECT is checked too, and named as the source", () => {
    expect(refusal(["--base-url-from-env"], { ...STAGING, APINIZER_TEST_PROJECT: "Q?x" })).toMatch(
      /^APINIZER_TEST_PROJECT must not contain/,
    );
  });
});

describe("contracts: files or a broker", () => {
  it("--pact is repeatable and resolved against the working directory", () => {
    expect(settings(["--pact", "a.json", "--pact", "/abs/dir"]).source).toEqual({
      kind: "files",
      paths: ["/work/here/a.json", "/abs/dir"],
    });
  });

  const BROKER = { PACT_BROKER_BASE_URL: "https://broker.example/", PACT_BROKER_TOKEN: "broker-token-1" };

  it("--broker reads the broker variables; WIP pacts default to 30 days ago; branch from PACT_PROVIDER_BRANCH", () => {
    const s = settings(["--broker"], { ...BROKER, PACT_PROVIDER_BRANCH: "feature-x" });
    expect(s.source).toEqual({
      kind: "broker",
      broker: {
        url: "https://broker.example",
        auth: { token: "broker-token-1" },
        providerBranch: "feature-x",
        includeWipPactsSince: "2026-08-16",
        selectors: undefined,
        pactUrl: undefined,
        publish: undefined,
      },
    });
  });

  // Issue 18: the Pact Broker's default is no authentication; credentials are optional.
  it("a broker without credentials: no auth", () => {
    const s = settings(["--broker"], { PACT_BROKER_BASE_URL: "http://broker.internal:9292" });
    expect(s.source.kind === "broker" && s.source.broker).toMatchObject({
      url: "http://broker.internal:9292",
      auth: undefined,
    });
  });

  // Issue 18: pact:publish reads GIT_COMMIT/GIT_BRANCH for the consumer; one pipeline running both
  // without flags recorded the consumer's commit as the provider's version.
  it("the provider version and branch never come from the consumer's GIT_COMMIT/GIT_BRANCH or CI's commit", () => {
    const publish = ["--broker", "--publish", "--base-url-from-env"];
    const consumerSide = {
      ...STAGING,
      ...BROKER,
      GIT_COMMIT: "consumer-sha",
      GIT_BRANCH: "consumer-branch",
      GITHUB_SHA: "ci-sha",
      GITHUB_REF_NAME: "ci-ref",
      CI_COMMIT_SHA: "ci-sha",
      CI_COMMIT_REF_NAME: "ci-ref",
    };
    expect(refusal(publish, consumerSide)).toMatch(/--publish needs the provider version: .*PACT_PROVIDER_VERSION/);
    const s = settings(publish, { ...consumerSide, PACT_PROVIDER_VERSION: "7.1.0", PACT_PROVIDER_BRANCH: "release" });
    expect(s.source.kind === "broker" && s.source.broker.publish).toMatchObject({
      providerVersion: "7.1.0",
      providerBranch: "release",
    });
    const flags = settings([...publish, "--provider-version", "7.2.0", "--provider-branch", "main"], consumerSide);
    expect(flags.source.kind === "broker" && flags.source.broker.publish).toMatchObject({
      providerVersion: "7.2.0",
      providerBranch: "main",
    });
  });

  it("--pact-url verifies one pact (implies --broker; the broker's origin from the URL when unset); PACT_URL only with --broker", () => {
    const url = "http://broker.internal:9292/pacts/provider/p/consumer/c/pact-version/abc";
    const s = settings(["--pact-url", url], {});
    expect(s.source.kind === "broker" && s.source.broker).toMatchObject({
      url: "http://broker.internal:9292",
      pactUrl: url,
      auth: undefined,
    });
    expect(settings([], { PACT_URL: url }).source.kind).toBe("files");
    const fromEnv = settings(["--broker"], { ...BROKER, PACT_URL: url });
    expect(fromEnv.source.kind === "broker" && fromEnv.source.broker).toMatchObject({
      url: "https://broker.example",
      pactUrl: url,
    });
  });

  it("--consumer-version-selectors: a JSON array (or one object) replacing the defaults", () => {
    const one = settings(["--broker", "--consumer-version-selectors", '{"branch":"feat-1"}'], BROKER);
    expect(one.source.kind === "broker" && one.source.broker.selectors).toEqual([{ branch: "feat-1" }]);
    const env = settings(["--broker"], { ...BROKER, PACT_CONSUMER_VERSION_SELECTORS: '[{"mainBranch":true}]' });
    expect(env.source.kind === "broker" && env.source.broker.selectors).toEqual([{ mainBranch: true }]);
  });

  it("--publish needs the provider version and branch, and takes the build URL from CI", () => {
    const publish = ["--broker", "--publish", "--base-url-from-env"];
    expect(refusal(publish, { ...STAGING, ...BROKER })).toMatch(/--publish needs the provider version/);
    expect(refusal([...publish, "--provider-version", "1.2.3"], { ...STAGING, ...BROKER })).toMatch(/provider branch/);
    const s = settings([...publish, "--provider-branch", "main"], {
      ...STAGING,
      ...BROKER,
      PACT_PROVIDER_VERSION: "abc123",
      BUILD_URL: "https://ci.example/1",
    });
    expect(s.source.kind === "broker" && s.source.broker.publish).toEqual({
      providerVersion: "abc123",
      providerBranch: "main",
      buildUrl: "https://ci.example/1",
    });
  });

  // Review H2: results against the built-in stand-in are not the provider's.
  it("--publish needs a real server: the built-in stand-in's results are not the provider's", () => {
    const full = ["--broker", "--publish", "--provider-version", "1.2.3", "--provider-branch", "main"];
    const standIn =
      "--publish needs a real server (--base-url or --base-url-from-env): results against the built-in stand-in are not the provider's";
    expect(refusal(full, { ...STAGING, ...BROKER })).toBe(standIn);
    expect(refusal(["--broker", "--publish"], BROKER)).toBe(standIn);
    expect(
      settings([...full, "--base-url", "https://staging.example.com"], { ...STAGING, ...BROKER }).target.kind,
    ).toBe("server");
  });

  // Review H3: a shard verifies only part of each pact, yet its published result would stand for the whole pact.
  it("--publish and --shard exclude each other; --publish with --workers is fine", () => {
    const full = ["--broker", "--publish", "--base-url-from-env", "--provider-version", "1", "--provider-branch", "b"];
    expect(refusal([...full, "--shard", "1/2"], { ...STAGING, ...BROKER })).toMatch(
      /^--publish and --shard exclude each other: .*use --workers N in one run \(or publish nothing from shards\)$/,
    );
    expect(settings([...full, "--workers", "4"], { ...STAGING, ...BROKER })).toMatchObject({ workers: 4 });
    expect(settings(["--broker", "--shard", "1/2"], BROKER).shard).toEqual({ index: 1, count: 2 });
  });

  it.each([
    [["--broker"], {}, /needs PACT_BROKER_BASE_URL/],
    [["--broker"], { PACT_BROKER_BASE_URL: "https://b.example", PACT_BROKER_PASSWORD: "p" }, /USERNAME is not/],
    [["--broker"], { ...BROKER, PACT_BROKER_USERNAME: "u" }, /either PACT_BROKER_TOKEN or/],
    [
      ["--broker"],
      { PACT_BROKER_BASE_URL: "https://b.example", PACT_BROKER_USERNAME: "u" },
      /PACT_BROKER_PASSWORD is not/,
    ],
    [["--broker"], { ...BROKER, PACT_BROKER_BASE_URL: "https://user:pw@b.example" }, /without credentials|credentials/],
    [["--broker", "--pact", "x.json"], BROKER, /--pact and --broker exclude each other/],
    [["--publish"], BROKER, /--publish needs --broker/],
    [["--wip-since", "2026-01-01"], BROKER, /--wip-since needs --broker/],
    [["--broker", "--wip-since", "yesterday", "--provider-branch", "b"], BROKER, /--wip-since must be a date/],
    [["--broker", "--wip-since", "2026-01-01"], BROKER, /--wip-since needs the provider branch/],
    [["--broker", "--consumer-version-selectors", "[]"], BROKER, /non-empty array of selector objects/],
    [["--broker", "--consumer-version-selectors", "[1]"], BROKER, /non-empty array of selector objects/],
    [["--broker", "--consumer-version-selectors", "{main"], BROKER, /must be JSON/],
    [["--broker", "--consumer-version-selectors", '[{"matchingBranch":true}]'], BROKER, /needs the provider branch/],
    [["--consumer-version-selectors", '[{"mainBranch":true}]'], BROKER, /needs --broker/],
    [["--pact-url", "ftp://x/y"], BROKER, /http/],
    [["--pact-url", "https://b.example/p", "--consumer-version-selectors", '{"a":1}'], BROKER, /exclude each other/],
  ] as const)("%j %j: refused", (argv, env, message) => {
    expect(refusal([...argv], env)).toMatch(message);
  });

  it("the broker variables are not read without --broker", () => {
    expect(settings([], { PACT_BROKER_BASE_URL: "not a url", PACT_INCLUDE_WIP_PACTS_SINCE: "x" }).source.kind).toBe(
      "files",
    );
  });
});

describe("run settings", () => {
  it("defaults", () => {
    expect(settings([])).toMatchObject({
      timeoutMs: 30_000,
      shard: undefined,
      workers: 1,
      conformance: "fail",
      requireCoverage: false,
      names: 0,
      fetch: expect.any(Function),
      nativeLog: "off",
    });
  });

  it("each flag", () => {
    const s = settings(
      [
        ...["--timeout", "1500ms", "--shard", "2/4", "--workers", "3", "--conformance", "report"],
        ...["--require-coverage", "--names", "20", "--verbose"],
      ],
      { https_proxy: "http://lower:1", HTTPS_PROXY: "http://upper:1", NO_PROXY: "localhost" },
    );
    expect(s).toMatchObject({
      timeoutMs: 1500,
      shard: { index: 2, count: 4 },
      workers: 3,
      conformance: "report",
      requireCoverage: true,
      names: 20,
      fetch: expect.any(Function),
      nativeLog: "info",
    });
    expect(settings([], { PACT_LOG_LEVEL: "DEBUG" }).nativeLog).toBe("debug");
  });

  it.each([
    [["--shard", "0/4"], /--shard must be I\/N/],
    [["--shard", "5/4"], /--shard must be I\/N/],
    [["--shard", "1/257"], /--shard must be I\/N/],
    [["--workers", "0"], /--workers must be a whole number from 1 to 16/],
    [["--names", "1001"], /--names must be a whole number from 0 to 1000/],
    [["--conformance", "warn"], /--conformance must be one of: fail, report/],
    [["--timeout", "0"], /--timeout must be/],
  ])("%j: refused", (argv, message) => {
    expect(refusal(argv)).toMatch(message);
  });

  it("PACT_LOG_LEVEL must be a level", () => {
    expect(refusal([], { PACT_LOG_LEVEL: "loud" })).toMatch(/PACT_LOG_LEVEL must be one of: off, error/);
  });
});
