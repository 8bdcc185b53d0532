// The options each mode of `verify` builds, without a server or a broker.
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/cli/args.js";
import {
  brokerVerifierOptions,
  DEFAULT_PACT_DIR,
  PROVIDER,
  parseVerifyArgs,
  verifierOptions,
} from "../../src/verify/config.js";

const now = new Date("2026-03-31T12:00:00Z");
const parse = (argv: string[], env: Record<string, string> = {}) => parseVerifyArgs(argv, env, now);
const usage = (argv: string[], env: Record<string, string> = {}) => {
  try {
    parse(argv, env);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error("expected a usage error");
};
const hasUndefined = (o: unknown): boolean =>
  o === undefined || (typeof o === "object" && o !== null && Object.values(o).some(hasUndefined));

const broker = { PACT_BROKER_BASE_URL: "https://broker.example.com/", PACT_BROKER_TOKEN: "broker-secret" };

describe("verify settings", () => {
  it("defaults to the stand-in and the package's own contracts", () => {
    const c = parse([]);
    expect(c.target).toEqual({ kind: "stand-in" });
    expect(c.source).toEqual({ kind: "files", path: DEFAULT_PACT_DIR.replace(/\/$/, "") });
    expect(DEFAULT_PACT_DIR).toMatch(/\/contracts\/?$/);
    expect(c.timeoutSeconds).toBe(30);
  });

  it("takes a real server from flags or environment, with the token from APINIZER_TOKEN only", () => {
    const c = parse(["--base-url", "https://staging.example.com/", "--project", "QA", "--timeout", "5"], {
      APINIZER_TOKEN: "t0k",
    });
    expect(c.target).toEqual({
      kind: "server",
      baseUrl: "https://staging.example.com",
      projectName: "QA",
      token: "t0k",
    });
    expect(c.timeoutSeconds).toBe(5);
    // The same --timeout syntax as `delete`: seconds, or a duration.
    expect(parse(["--timeout", "1500ms"], {}).timeoutSeconds).toBe(1.5);
    const e = parse([], { APINIZER_BASE_URL: "http://10.0.0.1:8080", APINIZER_TEST_PROJECT: "P", APINIZER_TOKEN: "x" });
    expect(e.target).toMatchObject({ kind: "server", baseUrl: "http://10.0.0.1:8080", projectName: "P" });
  });

  it("shows help whatever else is set", () => {
    expect(parse(["--help"], { APINIZER_BASE_URL: "https://x.example" }).help).toBe(true);
  });

  it("refuses unusable settings with a clear message", () => {
    expect(usage(["--token", "abc"])).toMatch(/never accepted on the command line.*APINIZER_TOKEN/);
    expect(usage(["--base-url", "https://x.example"], { APINIZER_TOKEN: "t" })).toMatch(/--project/);
    expect(usage(["--base-url", "https://x.example", "--project", "P"])).toMatch(/APINIZER_TOKEN/);
    expect(usage(["--base-url", "ftp://x", "--project", "P"], { APINIZER_TOKEN: "t" })).toMatch(/http\(s\)/);
    expect(usage(["--base-url", "https://u:p@x", "--project", "P"], { APINIZER_TOKEN: "t" })).toMatch(/credentials/);
    expect(usage(["--timeout", "0"])).toMatch(/--timeout/);
    expect(usage(["--project", "a/b"])).toMatch(/one path segment/);
    expect(usage(["--nope"])).toMatch(/nope/);
    expect(usage(["--publish"])).toMatch(/--broker/);
  });

  it("builds Verifier options for pact files without undefined values and without a provider name", () => {
    const c = parse(["--pact", "some/dir"]);
    const o = verifierOptions(c, { providerBaseUrl: "http://127.0.0.1:1234", pactFiles: ["/a.json"] });
    expect(o).toEqual({
      providerBaseUrl: "http://127.0.0.1:1234",
      timeout: 120_000,
      logLevel: "error",
      pactUrls: ["/a.json"],
    });
    expect(hasUndefined(o)).toBe(false);
  });
});

describe("verify --broker", () => {
  it("needs the broker URL and credentials", () => {
    expect(usage(["--broker"])).toMatch(/PACT_BROKER_BASE_URL/);
    expect(usage(["--broker"], { PACT_BROKER_BASE_URL: "https://b" })).toMatch(
      /PACT_BROKER_TOKEN, or PACT_BROKER_USERNAME/,
    );
    expect(usage(["--broker"], { PACT_BROKER_BASE_URL: "https://b", PACT_BROKER_USERNAME: "u" })).toMatch(
      /PACT_BROKER_PASSWORD/,
    );
    expect(usage(["--broker", "--pact", "x"], broker)).toMatch(/exclude/);
    expect(usage(["--broker", "--wip-since", "yesterday"], broker)).toMatch(/YYYY-MM-DD/);
  });

  it("fetches by selectors with pending and WIP pacts, and does not publish by default", () => {
    const c = parse(["--broker"], broker);
    const o = verifierOptions(c, { providerBaseUrl: "http://127.0.0.1:1", pactFiles: [] });
    expect(o).toEqual({
      providerBaseUrl: "http://127.0.0.1:1",
      timeout: 120_000,
      logLevel: "error",
      provider: PROVIDER,
      pactBrokerUrl: "https://broker.example.com",
      pactBrokerToken: "broker-secret",
      consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }],
      enablePending: true,
      includeWipPactsSince: "2026-03-01",
    });
    expect(hasUndefined(o)).toBe(false);
    expect(o).not.toHaveProperty("publishVerificationResult");
    expect(o).not.toHaveProperty("pactUrls");
  });

  it("adds matching-branch pacts when the provider branch is known, and basic auth", () => {
    const c = parse(["--broker", "--wip-since", "2026-01-15"], {
      PACT_BROKER_BASE_URL: "https://b",
      PACT_BROKER_USERNAME: "u",
      PACT_BROKER_PASSWORD: "p",
      GITHUB_REF_NAME: "feature/x",
    });
    expect(c.source.kind === "broker" && brokerVerifierOptions(c.source.broker)).toEqual({
      provider: PROVIDER,
      pactBrokerUrl: "https://b",
      pactBrokerUsername: "u",
      pactBrokerPassword: "p",
      consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }, { matchingBranch: true }],
      enablePending: true,
      includeWipPactsSince: "2026-01-15",
      providerVersionBranch: "feature/x",
    });
  });

  it("publishes only with --publish, a provider version and a branch", () => {
    expect(usage(["--broker", "--publish"], broker)).toMatch(/provider version/);
    expect(usage(["--broker", "--publish", "--provider-version", "1.2.3"], broker)).toMatch(/provider branch/);
    const c = parse(["--broker", "--publish", "--provider-branch", "main"], {
      ...broker,
      GIT_COMMIT: "abc123",
      BUILD_URL: "https://ci.example.com/42",
    });
    const o = c.source.kind === "broker" ? brokerVerifierOptions(c.source.broker) : {};
    expect(o).toMatchObject({
      publishVerificationResult: true,
      providerVersion: "abc123",
      providerVersionBranch: "main",
      buildUrl: "https://ci.example.com/42",
      consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }, { matchingBranch: true }],
    });
    expect(hasUndefined(o)).toBe(false);
  });
});
