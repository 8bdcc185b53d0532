// `verify`'s glue (src/cli/verify.ts), in-process with a stand-in for the verify stage's API: the
// first line, live progress, the exit code of each outcome, JUnit and JSON reports written on every
// path, and no secret in anything printed or written. End-to-end runs are in verify.e2e.test.ts.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Interrupted } from "../../src/cli/io.js";
import { run, type VerifyApi } from "../../src/cli/verify.js";
import type { VerifyOptions, VerifyOutcome } from "../../src/verify/api.js";
import { captureIo } from "../support/io.js";
import { cannedReport } from "./support/report.js";

const TOKEN = "verify-run-token-5e4d3c";
const dir = mkdtempSync(join(tmpdir(), "cli-verify-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A verify stage that reports `outcome`, saying `lines` as it goes; its formatters echo the token to test redaction. */
function fakeApi(outcome: VerifyOutcome, lines: string[] = []) {
  const calls: VerifyOptions[] = [];
  const api: VerifyApi = {
    verify: async (options) => {
      calls.push(options);
      for (const line of lines) options.output.line(line);
      options.output.result({
        envelope: "success",
        consumer: "c",
        provider: "p",
        description: "a deleted connection",
        states: [],
        verdict: "passed",
        differences: [],
        problems: [],
        findings: [],
      });
      if (options.nativeLog !== "off") options.output.native?.(`native log with ${TOKEN}`);
      return cannedReport(outcome);
    },
    formatReport: (r) => `REPORT ${r.outcome}\n`,
    formatInteraction: (r) => `${r.verdict.toUpperCase()} ${r.description}`,
    // Ignores the redactor it is given: the file must be redacted by the CLI all the same.
    formatJUnit: (r) => `<testsuite outcome="${r.outcome}" problems="${r.problems.join(";")}" echo="${TOKEN}"/>`,
    reportOfProblem: (o, problem) => cannedReport(o, problem),
  };
  return { api, calls };
}

describe("verify: output", () => {
  it("a server's control characters reach the terminal escaped, in progress, verdicts and the report; colour stays", async () => {
    const hostile = "\u001b[2J\u001b]0;pwned\u0007";
    const { api } = fakeApi("verified", [`Create answered ${hostile}`]);
    api.formatInteraction = (r) => `\u001b[32mPASS\u001b[0m ${r.description} ${hostile}`;
    api.formatReport = (r) => `\u001b[1mREPORT\u001b[0m ${r.outcome}: ${hostile}\n\tdone\n`;
    const c = captureIo();
    expect(await run([], c.io, api)).toBe(0);
    const out = c.stdout();
    for (const raw of ["\u0007", "\u001b[2J", "\u001b]"]) expect(out).not.toContain(raw);
    expect(out).toContain("\\u001b[2J\\u001b]0;pwned\\u0007");
    expect(out).toContain("\u001b[32mPASS\u001b[0m");
    expect(out).toContain("\n\tdone\n");
    const j = captureIo();
    await run(["--json"], j.io, fakeApi("verified", [`Create answered ${hostile}`]).api);
    for (const raw of ["\u0007", "\u001b"]) expect(j.stderr()).not.toContain(raw);
  });

  it("progress and verdicts as they come, then the report; a note after the first line; native log with --verbose; no token", async () => {
    const { api, calls } = fakeApi("verified", ["Verifying the pacts against the built-in stand-in", `echo ${TOKEN}`]);
    const c = captureIo({ APINIZER_BASE_URL: "https://staging.example.com", APINIZER_TOKEN: TOKEN });
    expect(await run(["--verbose"], c.io, api)).toBe(0);
    expect(c.stdout().split("\n")).toEqual([
      "Verifying the pacts against the built-in stand-in",
      "  (APINIZER_BASE_URL is set but not used: pass --base-url-from-env to verify that server)",
      "echo [REDACTED]",
      "PASSED a deleted connection",
      "REPORT verified",
      "",
    ]);
    expect(c.stderr()).toBe("native log with [REDACTED]\n");
    expect(calls[0]?.target).toMatchObject({ kind: "stand-in" });
    expect(calls[0]?.runId).toMatch(/^[0-9a-f]{12}$/);
  });

  it("--json: the report as JSON on stdout, progress on stderr", async () => {
    const { api } = fakeApi("failed", ["FAIL one"]);
    const c = captureIo({ APINIZER_TOKEN: TOKEN });
    expect(await run(["--json"], c.io, api)).toBe(1);
    expect(JSON.parse(c.stdout())).toMatchObject({ outcome: "failed" });
    expect(c.stderr()).toBe("FAIL one\nPASSED a deleted connection\n");
  });

  it("on Ctrl-C against a real server, says at once what is cleaned up and the command that finishes it", async () => {
    const controller = new AbortController();
    const { api, calls } = fakeApi("interrupted");
    const verify = api.verify;
    api.verify = async (options) => {
      controller.abort(new Interrupted("SIGINT"));
      return verify(options);
    };
    const c = captureIo({ APINIZER_TOKEN: TOKEN });
    const argv = ["--base-url", "https://staging.example.com", "--project", "My Project"];
    expect(await run(argv, { ...c.io, signal: controller.signal }, api)).toBe(130);
    const runId = calls[0]?.runId;
    expect(c.stderr()).toBe(
      `Interrupted (SIGINT): this run's fixtures (act-verify-${runId}-*) are being removed. If that is cut short, remove them with:\n` +
        `  apinizer-connections cleanup --base-url https://staging.example.com --project 'My Project' --run-id ${runId}\n`,
    );
  });
});

describe("verify: colour", () => {
  it("only on a terminal, never with NO_COLOR", async () => {
    const seen: boolean[] = [];
    for (const [tty, env] of [
      [true, {}],
      [false, {}],
      [true, { NO_COLOR: "1" }],
    ] as const) {
      const { api } = fakeApi("verified");
      api.formatReport = (_r, style) => {
        seen.push(style.color);
        return "";
      };
      const c = captureIo(env);
      await run([], { ...c.io, tty: { stdout: tty, stderr: tty } }, api);
    }
    expect(seen).toEqual([true, false, false]);
  });
});

describe("verify: exit codes", () => {
  it.each([
    ["verified", 0],
    ["failed", 1],
    ["usage", 2],
    ["preflight-failed", 3],
    ["cannot-run", 4],
    ["interrupted", 130],
  ] as const)("%s → %i", async (outcome, code) => {
    expect(await run([], captureIo().io, fakeApi(outcome).api)).toBe(code);
  });

  it("interrupted by SIGTERM → 143; the stage received the signal (and, for the stand-in, says what it stops)", async () => {
    const controller = new AbortController();
    const { api, calls } = fakeApi("interrupted");
    const c = captureIo();
    const io = { ...c.io, signal: controller.signal };
    const verify = api.verify;
    api.verify = async (options) => {
      controller.abort(new Interrupted("SIGTERM"));
      return verify(options);
    };
    expect(await run([], io, api)).toBe(143);
    expect(calls[0]?.signal?.aborted).toBe(true);
    expect(c.stderr()).toBe("");
  });
});

describe("verify: --junit and --report are written on every path", () => {
  const files = () => {
    const sub = mkdtempSync(join(dir, "run-"));
    const junit = join(sub, "out", "junit.xml");
    const json = join(sub, "report.json");
    return { junit, json, argv: ["--junit", junit, "--report", json] };
  };

  it("a finished run: its report, the token redacted (also XML- or JSON-escaped)", async () => {
    const f = files();
    expect(await run(f.argv, captureIo({ APINIZER_TOKEN: TOKEN }).io, fakeApi("failed").api)).toBe(1);
    expect(readFileSync(f.junit, "utf8")).toBe('<testsuite outcome="failed" problems="" echo="[REDACTED]"/>');
    expect(JSON.parse(readFileSync(f.json, "utf8"))).toMatchObject({ outcome: "failed" });
  });

  it("a usage problem found after parsing: an error report, exit 2, nothing verified", async () => {
    const f = files();
    writeFileSync(f.json, '{"outcome":"verified"}');
    const { api, calls } = fakeApi("verified");
    const c = captureIo();
    expect(await run([...f.argv, "--project", "Q?x"], c.io, api)).toBe(2);
    expect(calls).toEqual([]);
    expect(c.stderr()).toMatch(/^apinizer-connections verify: --project must not contain "%", "\?" or "#"/);
    expect(readFileSync(f.junit, "utf8")).toMatch(/outcome="usage" problems="--project must not contain/);
    expect(JSON.parse(readFileSync(f.json, "utf8"))).toMatchObject({ outcome: "usage" });
  });

  it("with --json, every usage error is also the one JSON report on stdout (parsing and after)", async () => {
    for (const argv of [
      ["--json", "--shard", "9/2"],
      ["--json", "--nope"],
      ["--json", "--project", "Q?x"],
    ]) {
      const { api, calls } = fakeApi("verified");
      const c = captureIo({ APINIZER_TOKEN: TOKEN });
      expect(await run(argv, c.io, api)).toBe(2);
      expect(calls).toEqual([]);
      expect(JSON.parse(c.stdout())).toMatchObject({ outcome: "usage", problems: [expect.any(String)] });
      expect(c.stderr()).toMatch(/^apinizer-connections verify: /);
    }
    const plain = captureIo();
    expect(await run(["--nope"], plain.io, fakeApi("verified").api)).toBe(2);
    expect(plain.stdout()).toBe("");
  });

  it("an exception inside the stage: an error report, exit 70", async () => {
    const f = files();
    const { api } = fakeApi("verified");
    api.verify = async () => {
      throw new Error(`boom ${TOKEN}`);
    };
    const c = captureIo({ APINIZER_TOKEN: TOKEN });
    expect(await run(f.argv, c.io, api)).toBe(70);
    expect(readFileSync(f.junit, "utf8")).toMatch(/outcome="cannot-run" problems="internal error: boom \[REDACTED\]"/);
    expect(c.stderr()).toBe("apinizer-connections verify: internal error: boom [REDACTED]\n");
  });

  it("an old file is gone from the start, so a run stopped hard never leaves a stale result", async () => {
    const f = files();
    writeFileSync(f.json, '{"outcome":"verified"}');
    const { api } = fakeApi("verified");
    api.verify = async () => {
      expect(() => readFileSync(f.json)).toThrow(/ENOENT/);
      return cannedReport("verified");
    };
    expect(await run(f.argv, captureIo().io, api)).toBe(0);
  });

  it("a report that cannot be written turns a verified run into exit 4", async () => {
    const f = files();
    const c = captureIo();
    expect(await run(["--report", dir], c.io, fakeApi("verified").api)).toBe(4);
    expect(c.stderr()).toMatch(/^apinizer-connections verify: cannot write the JSON report to /);
    // The printed verdict agrees with the exit code, in the table and in --json.
    expect(c.stdout()).toMatch(/cannot-run/);
    expect(c.stdout()).not.toMatch(/\bverified\b/);
    const j = captureIo();
    expect(await run(["--report", dir, "--json"], j.io, fakeApi("verified").api)).toBe(4);
    expect(JSON.parse(j.stdout())).toMatchObject({
      outcome: "cannot-run",
      problems: expect.arrayContaining([expect.stringMatching(/report file could not be written/)]),
    });
    expect(await run(["--junit", f.junit], captureIo().io, fakeApi("failed").api)).toBe(1);
  });
});
