// `cleanup` and `drift`: the CLI glue around the verify stage's cleanup() and drift(), run
// in-process with a stand-in for that API (what goes in, which exit code each outcome gets, what is
// printed). End-to-end runs against real servers are in cleanup.e2e.test.ts and drift.e2e.test.ts.
import { describe, expect, it } from "vitest";
import { CLEANUP_EXIT_CODES, type CleanupApi, run as cleanup } from "../../src/cli/cleanup.js";
import { DRIFT_EXIT_CODES, type DriftApi, run as drift } from "../../src/cli/drift.js";
import type { CleanupOptions, CleanupReport, DriftOptions, DriftReport } from "../../src/verify/api.js";
import { formatCleanup } from "../../src/verify/index.js";
import { captureIo } from "../support/io.js";

const TOKEN = "cleanup-token-7c1d0e9f";
const BASE = ["--base-url", "https://staging.example.com/", "--project", "ContractTests"];

function cleanupApi(report: Partial<CleanupReport>) {
  const calls: CleanupOptions[] = [];
  const api: CleanupApi = {
    cleanup: async (options) => {
      calls.push(options);
      options.output.line(`found act-verify-1-1 (token ${TOKEN})`);
      return { outcome: "clean", found: [], removed: [], left: [], leased: [], problems: [], ...report };
    },
    formatCleanup: (r) => `outcome ${r.outcome}; removed ${r.removed.join(", ")}\n`,
  };
  return { api, calls };
}

describe("cleanup", () => {
  it("maps flags and environment onto CleanupOptions; prints progress, then the summary", async () => {
    const { api, calls } = cleanupApi({ outcome: "removed", found: ["act-verify-1-1"], removed: ["act-verify-1-1"] });
    const c = captureIo({ APINIZER_TOKEN: TOKEN, HTTPS_PROXY: "http://proxy:3128" });
    const code = await cleanup([...BASE, "--run-id", "3f9a1c0b7d2e", "--dry-run", "--timeout", "1500ms"], c.io, api);
    expect(code).toBe(0);
    expect(calls[0]).toMatchObject({
      baseUrl: "https://staging.example.com",
      projectName: "ContractTests",
      token: TOKEN,
      runId: "3f9a1c0b7d2e",
      dryRun: true,
      timeoutMs: 1500,
      fetch: expect.any(Function),
    });
    expect(c.stdout()).toBe(
      'Looking for verify fixtures in project "ContractTests" at https://staging.example.com (dry run: nothing is removed)\n' +
        "found act-verify-1-1 (token [REDACTED])\noutcome removed; removed act-verify-1-1\n",
    );
  });

  it.each([
    ["clean", 0],
    ["listed", 0],
    ["removed", 0],
    ["left", 1],
    ["failed", 3],
    ["interrupted", 130],
  ] as const)("outcome %s: exit %i (in the table, and in --json)", async (outcome, expected) => {
    const { api } = cleanupApi({ outcome });
    const c = captureIo({ APINIZER_TOKEN: TOKEN });
    expect(await cleanup([...BASE, "--json"], c.io, api)).toBe(expected);
    expect(JSON.parse(c.stdout())).toMatchObject({ outcome, exitCode: expected });
    expect(c.stderr()).toContain("[REDACTED]");
    expect(c.stdout() + c.stderr()).not.toContain(TOKEN);
    expect(Object.values(CLEANUP_EXIT_CODES).map((e) => e.code)).toContain(expected);
  });

  it("problems go to stderr in the program's voice; stdout keeps the results (issue 20: one voice)", async () => {
    const { api } = cleanupApi({ outcome: "failed", problems: ["List Connections answered 401"] });
    const c = captureIo({ APINIZER_TOKEN: TOKEN });
    expect(await cleanup(BASE, c.io, api)).toBe(3);
    expect(c.stderr()).toBe("apinizer-connections cleanup: List Connections answered 401\n");
    expect(c.stdout()).not.toContain("401");
    // The stage's own summary leaves the problems to the caller (it printed "problem: …" on stdout).
    const real = formatCleanup(
      { outcome: "failed", found: [], removed: [], left: [], leased: [], problems: ["answered 401"] },
      {
        color: false,
      },
    );
    expect(real).toBe("Cleanup failed.\n");
  });

  it("needs an explicit server, a project and the token; APINIZER_BASE_URL alone is not enough", async () => {
    const cases: [string[], Record<string, string>, RegExp][] = [
      [["--project", "P"], { APINIZER_TOKEN: TOKEN, APINIZER_BASE_URL: "https://x.example" }, /--base-url URL/],
      [["--base-url", "https://x.example"], { APINIZER_TOKEN: TOKEN }, /--project is required/],
      [BASE, {}, /APINIZER_TOKEN is not set/],
      [
        ["--base-url", "https://x.example", "--project", ".."],
        { APINIZER_TOKEN: TOKEN },
        /--project must not be a dot/,
      ],
    ];
    for (const [argv, env, message] of cases) {
      const { api, calls } = cleanupApi({});
      const c = captureIo(env);
      expect(await cleanup(argv, c.io, api)).toBe(2);
      expect(c.stderr()).toMatch(message);
      expect(calls).toEqual([]);
    }
    const { api, calls } = cleanupApi({});
    const env = captureIo({
      APINIZER_TOKEN: TOKEN,
      APINIZER_BASE_URL: "https://x.example",
      APINIZER_TEST_PROJECT: "P",
    });
    expect(await cleanup(["--base-url-from-env"], env.io, api)).toBe(0);
    expect(calls[0]).toMatchObject({ baseUrl: "https://x.example", projectName: "P" });
  });

  it("names and texts from the server reach the terminal with their control characters escaped", async () => {
    const { api } = cleanupApi({ outcome: "removed", removed: ["act-verify-1-1\u001b]0;pwned\u0007"] });
    const c = captureIo({ APINIZER_TOKEN: TOKEN });
    expect(await cleanup(BASE, c.io, api)).toBe(0);
    for (const raw of ["\u0007", "\u001b"]) expect(c.stdout()).not.toContain(raw);
    expect(c.stdout()).toContain("act-verify-1-1\\u001b]0;pwned\\u0007");
    const d = driftApi({ outcome: "drift" });
    d.api.formatDrift = () => "field $.a\u001b[2J: string | integer\n";
    const o = captureIo({ APINIZER_TOKEN: TOKEN });
    await drift(["--base-url", "https://x.example"], o.io, d.api);
    expect(o.stdout()).toBe("field $.a\\u001b[2J: string | integer\n");
  });

  it("with --json, a usage error is also one JSON object on stdout, for the pipeline that parses it", async () => {
    for (const argv of [
      ["--project", "P", "--json"],
      [...BASE, "--timeout", "soon", "--json"],
      [...BASE, "--json", "--nope"],
    ]) {
      const { api, calls } = cleanupApi({});
      const c = captureIo({ APINIZER_TOKEN: TOKEN });
      expect(await cleanup(argv, c.io, api)).toBe(2);
      expect(JSON.parse(c.stdout())).toMatchObject({ outcome: "usage", exitCode: 2, message: expect.any(String) });
      expect(c.stderr()).toMatch(/^apinizer-connections cleanup: /);
      expect(calls).toEqual([]);
    }
    const d = captureIo({ APINIZER_TOKEN: TOKEN });
    expect(await drift(["--json"], d.io, driftApi({}).api)).toBe(2);
    expect(JSON.parse(d.stdout())).toMatchObject({ outcome: "usage", exitCode: 2 });
    const plain = captureIo({ APINIZER_TOKEN: TOKEN });
    expect(await cleanup(["--project", "P"], plain.io, cleanupApi({}).api)).toBe(2);
    expect(plain.stdout()).toBe("");
  });
});

function driftApi(report: Partial<DriftReport>) {
  const calls: DriftOptions[] = [];
  const api: DriftApi = {
    drift: async (options) => {
      calls.push(options);
      return { outcome: "same", differences: [], problems: [], ...report };
    },
    formatDrift: (r) => `drift: ${r.outcome}\n`,
  };
  return { api, calls };
}

describe("drift", () => {
  it("sends APINIZER_TOKEN only to the base URL's host", async () => {
    const same = driftApi({});
    const c = captureIo({ APINIZER_TOKEN: TOKEN });
    const argv = ["--base-url", "https://staging.example.com"];
    expect(await drift([...argv, "--spec-url", "https://staging.example.com/apiops/v3/api-docs"], c.io, same.api)).toBe(
      0,
    );
    expect(same.calls[0]).toMatchObject({ token: TOKEN, specUrl: "https://staging.example.com/apiops/v3/api-docs" });
    const other = driftApi({});
    const o = captureIo({ APINIZER_TOKEN: TOKEN });
    expect(await drift([...argv, "--spec-url", "https://docs.example.org/openapi.json"], o.io, other.api)).toBe(0);
    expect(other.calls[0]?.token).toBeUndefined();
    expect(o.stderr()).toBe(
      "apinizer-connections drift: --spec-url is on another host than --base-url: APINIZER_TOKEN is not sent there\n",
    );
    // Only the port differs (issue 20): not "another host", and said which.
    const port = driftApi({});
    const p = captureIo({ APINIZER_TOKEN: TOKEN });
    expect(await drift([...argv, "--spec-url", "https://staging.example.com:8443/v3/api-docs"], p.io, port.api)).toBe(
      0,
    );
    expect(port.calls[0]?.token).toBeUndefined();
    expect(p.stderr()).toBe(
      "apinizer-connections drift: --spec-url is on the same host as --base-url but another origin (port 8443, not 443): APINIZER_TOKEN is not sent there\n",
    );
    const none = driftApi({});
    expect(await drift(argv, captureIo({}).io, none.api)).toBe(0);
    expect(none.calls[0]?.token).toBeUndefined();
  });

  it.each([
    ["same", 0],
    ["drift", 1],
    ["no-spec", 3],
    ["failed", 3],
    ["interrupted", 130],
  ] as const)("outcome %s: exit %i", async (outcome, expected) => {
    const { api } = driftApi({ outcome });
    const c = captureIo({});
    expect(await drift(["--base-url", "https://staging.example.com"], c.io, api)).toBe(expected);
    expect(c.stdout()).toBe(`drift: ${outcome}\n`);
    expect(DRIFT_EXIT_CODES[outcome].code).toBe(expected);
  });
});
