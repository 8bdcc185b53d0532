// verify as a real process, through its programmatic API (the CLI's glue is tested in test/cli):
// only a child process shows everything a run writes — its own output, the native verifier's,
// Node's warnings, a Rust panic — and only a child process can be killed with SIGKILL.
//   - by default a run writes nothing of its own to stdout or stderr (what it says goes through
//     `output`), even when it fails;
//   - with every channel printed and the native log at trace level, no form of the token appears;
//   - after a kill -9 mid-run, `cleanup` with the run's id removes every fixture it left, and the
//     native verifier's child process does not outlive the run.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { serve } from "../../src/provider/index.js";
import { cleanup } from "../../src/verify/index.js";
import { builtDist } from "../support/built.js";
import { waitFor } from "../support/io.js";
import { closeAfterTest } from "../support/lifecycle.js";
import { againstServer } from "./support/harness.js";
import { distinctiveToken, expectNoToken } from "./support/secrets.js";
import { startFront } from "./support/servers.js";
import { elements, parseXml } from "./support/xml.js";

const root = resolve(import.meta.dirname, "../..");
// Inside the repository (build/ is ignored) so that the compiled files resolve node_modules.
const outDir = resolve(root, `build/verify-process-test-${randomBytes(4).toString("hex")}`);
const TOKEN = distinctiveToken();
const PROJECT = "MyProject";

// Runs verify(config) and prints its outcome; in `loud` mode every channel before, in `junit` mode the JUnit text.
const SCRIPT = `
const [mode, config] = process.argv.slice(2);
const v = await import(new URL("./verify/index.js", import.meta.url));
const out = [];
const report = await v.verify({
  ...JSON.parse(config),
  output: {
    line: (t) => out.push(t),
    result: (r) => out.push(v.formatInteraction(r, { color: false })),
    native: (t) => out.push(t),
  },
});
if (mode === "loud") process.stdout.write(out.join("\\n") + "\\n" + v.formatReport(report, { color: false }) + v.formatJUnit(report));
if (mode === "junit") process.stdout.write(v.formatJUnit(report));
process.stdout.write("DONE " + report.outcome + " " + report.runId + " " + v.summaryLine(report) + "\\n");
`;

beforeAll(async () => {
  // The suite's build (test/support/build-once.ts), copied so that run.mjs sits beside it.
  cpSync(await builtDist(), outDir, { recursive: true });
  writeFileSync(resolve(outDir, "run.mjs"), SCRIPT);
}, 300_000);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

function verifyProcess(
  mode: "quiet" | "loud" | "junit",
  config: Record<string, unknown>,
  dir = outDir,
  env: Record<string, string> = {},
) {
  const child = spawn(process.execPath, [resolve(dir, "run.mjs"), mode, JSON.stringify(config)], {
    // The run's TMPDIR: what the process leaves in a temp folder is seen by the suite's litter check.
    env: { PATH: process.env["PATH"] ?? "", TMPDIR: tmpdir(), PACT_DO_NOT_TRACK: "true", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((res) =>
    child.on("close", (code, signal) => res({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

const against = (url: string, extra: Record<string, unknown> = {}) => ({
  ...againstServer(url, { token: TOKEN, projectName: PROJECT }),
  ...extra,
});

/** Processes whose parent is `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of spawnSync("ls", ["/proc"], { encoding: "utf8" }).stdout.split("\n")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

describe("verify as a process", () => {
  it("writes nothing of its own to stdout or stderr, even for a failing run", async () => {
    const s = await serve({ token: TOKEN, projects: [PROJECT], behaviour: { enforceAuth: false } });
    closeAfterTest(s);
    const r = await verifyProcess("quiet", against(s.url)).done;
    // Verified for real (the one interaction that needs authentication fails), and nothing else said.
    expect(r.stdout).toMatch(/^DONE failed [0-9a-f]{12} NOT VERIFIED: 5 interactions, 4 passed, 1 failed\b.*\n$/);
    expect(r.stderr).toBe("");
  }, 60_000);

  it("shows no form of the token on any channel, native log at trace level, the server echoing it", async () => {
    const s = await serve({ token: TOKEN, projects: [PROJECT] });
    closeAfterTest(s);
    const front = await startFront(s.url, async (ctx) => {
      if (ctx.request.method !== "DELETE") return false;
      const up = await ctx.forward();
      const echo = ctx.request.headers.authorization ?? "";
      const body = gzipSync(JSON.stringify({ success: echo, error: echo, error_description: echo }));
      ctx.reply(up.status, { "content-type": "application/json", "content-encoding": "gzip", "x-echo": echo }, body);
      return true;
    });
    closeAfterTest(front);
    const r = await verifyProcess("loud", against(front.url, { nativeLog: "trace" })).done;
    expect(r.stdout).toMatch(/^DONE failed [0-9a-f]{12} NOT VERIFIED: /m);
    expect(r.stdout).toContain("pact_verifier"); // the native verifier's own log is there
    expectNoToken(TOKEN, { stdout: r.stdout, stderr: r.stderr });
  }, 60_000);

  it("after kill -9 mid-run: cleanup with the run's id removes what it left; no native child outlives it", async () => {
    const s = await serve({ token: TOKEN, projects: [PROJECT], behaviour: { delayMs: 100 } });
    closeAfterTest(s);
    const runId = randomBytes(6).toString("hex");
    // kill -9 leaves the run's temp folder (nothing can remove it): a folder of this test's own.
    const killedTmp = mkdtempSync(resolve(tmpdir(), "apinizer-killed-"));
    onTestFinished(() => rmSync(killedTmp, { recursive: true, force: true }));
    const { child, done } = verifyProcess("quiet", against(s.url, { runId }), outDir, { TMPDIR: killedTmp });
    await waitFor(() => (s.connections(PROJECT)?.length ?? 0) > 0, 30_000);
    expect(s.connections(PROJECT)?.length).toBeGreaterThan(0);
    const natives = childrenOf(child.pid ?? -1);
    expect(natives.length, "the native verifier runs in a child process").toBeGreaterThan(0);
    child.kill("SIGKILL");
    expect((await done).signal).toBe("SIGKILL");

    const r = await cleanup({
      baseUrl: s.url,
      token: TOKEN,
      projectName: PROJECT,
      runId,
      timeoutMs: 5_000,
      output: { line: () => {}, result: () => {} },
    });
    expect(r.outcome).toBe("removed");
    expect(s.connections(PROJECT)).toEqual([]);
    await waitFor(() => natives.every((pid) => !existsSync(`/proc/${pid}`)), 10_000);
    expect(natives.filter((pid) => existsSync(`/proc/${pid}`))).toEqual([]);
  }, 60_000);

  it("without the Pact library: cannot run, says how to install it, and its JUnit is one error case", async () => {
    // A copy outside the repository, with the package's one dependency (openapi-fetch) and no Pact.
    const lonely = mkdtempSync(resolve(tmpdir(), "apinizer-no-pact-"));
    try {
      cpSync(outDir, lonely, { recursive: true });
      mkdirSync(resolve(lonely, "node_modules"));
      symlinkSync(resolve(root, "node_modules/openapi-fetch"), resolve(lonely, "node_modules/openapi-fetch"));
      writeFileSync(resolve(lonely, "package.json"), '{"type":"module"}');
      const r = await verifyProcess("junit", { ...against("unused"), target: { kind: "stand-in" } }, lonely).done;
      expect(r.stderr).toBe("");
      expect(r.stdout).toMatch(/^DONE cannot-run /m);
      const xml = parseXml(r.stdout.slice(0, r.stdout.lastIndexOf("DONE ")));
      const errors = elements(xml, "error");
      expect(errors).toHaveLength(1);
      expect(errors[0]?.text).toMatch(/verify needs the Pact library .* which is not installed/);
      expect(errors[0]?.text).toMatch(/npm install --save-dev -E @pact-foundation\/pact-core@/);

      // Against a real server: found out before anything is sent, so nothing is created there.
      const s = await serve({ token: TOKEN, projects: [PROJECT] });
      const front = await startFront(s.url, async () => false);
      closeAfterTest(s, front);
      const onServer = await verifyProcess("quiet", against(front.url), lonely).done;
      expect(onServer.stdout).toMatch(/^DONE cannot-run /m);
      expect(front.received.map((q) => `${q.method} ${q.url}`)).toEqual([]);
    } finally {
      rmSync(lonely, { recursive: true, force: true });
    }
  }, 60_000);

  it("without a usable temporary folder: cannot run, ends at once, nothing sent or left running", async () => {
    const s = await serve({ token: TOKEN, projects: [PROJECT] });
    const front = await startFront(s.url, async () => false);
    closeAfterTest(s, front);
    const missing = resolve(tmpdir(), `apinizer-missing-${randomBytes(4).toString("hex")}`);
    const r = await verifyProcess("loud", against(front.url), outDir, { TMPDIR: missing }).done;
    expect(r.code).not.toBeNull(); // it exited by itself (the test's time limit would catch a hang)
    expect(r.stdout).toMatch(/^DONE cannot-run /m);
    expect(r.stdout).toMatch(/cannot create a temporary folder/);
    expect(front.received).toEqual([]);
  }, 60_000);
});
