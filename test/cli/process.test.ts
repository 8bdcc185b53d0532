// What only a real process shows: exit codes after SIGINT and SIGTERM, a closed pipe, and which
// modules a command loads. The CLI runs from the suite's build (support/process.ts, builtDist()).
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { DELETED_BODY, json, startServer, type TestServer } from "../client/server.js";
import { runCli, startCli } from "./support/process.js";

const TOKEN = "process-token-9a8b7c";
const FORBID = fileURLToPath(new URL("./support/forbid-hooks.mjs", import.meta.url));
const DELETE = ["delete", "--project", "P", "--connection", "c1"];

// Each test has its own server, so the tests (mostly waiting on child processes) run concurrently.
const servers: TestServer[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));

async function ownServer(): Promise<{ server: TestServer; env: Record<string, string> }> {
  const server = await startServer((_q, res) => json(res, 200, DELETED_BODY));
  servers.push(server);
  return { server, env: { APINIZER_BASE_URL: server.url, APINIZER_TOKEN: TOKEN } };
}

describe.concurrent("signals", () => {
  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)("%s while delete waits for an answer: exit %i, 'interrupted' said plainly", async (signal, code) => {
    const { server, env } = await ownServer();
    const arrived = new Promise<void>((resolve) => {
      server.handler = () => resolve();
    });
    const started = startCli(DELETE, env);
    // Signal once the request has arrived: the process is then waiting for the answer.
    await arrived;
    started.child.kill(signal);
    const done = await started.finished;
    expect(done.code).toBe(code);
    expect(done.stderr).toBe(
      `apinizer-connections delete: interrupted (${signal}): stopped before an answer arrived; connection "c1" in project "P" may or may not have been deleted.\n`,
    );
    expect(done.stdout).toBe("");
  });
});

describe.concurrent("a closed pipe", () => {
  // The reading end is closed before the process writes (`... | head -0`): no stack trace, the outcome's exit code.
  it.each([
    [["--help"], 0],
    [["delete", "--help"], 0],
    [[...DELETE, "--json"], 0],
    [[...DELETE, "--bogus"], 2],
  ])("%j: exit %i, nothing on stderr but the command's own words", async (args, code) => {
    const { env } = await ownServer();
    const started = startCli(args, env);
    started.child.stdout?.destroy();
    const done = await started.finished;
    expect(done.code).toBe(code);
    expect(done.stderr).not.toMatch(/EPIPE|Error|at .*\.(ts|js):\d+/);
  });
});

describe.concurrent("what a command loads", () => {
  it("delete never loads Pact, the verify stage or the stand-in", async () => {
    const { env } = await ownServer();
    const done = await startCli(DELETE, env, ["--import", FORBID]).finished;
    expect(done.stderr).toBe("");
    expect(done.code).toBe(0);
    const help = await startCli(["delete", "--help"], {}, ["--import", FORBID]).finished;
    expect(help.code).toBe(0);
  });

  it("(the check sees a command that does load them)", async () => {
    const done = await startCli(["verify", "--help"], {}, ["--import", FORBID]).finished;
    expect(done.code).not.toBe(0);
    expect(done.stderr).toMatch(/forbidden module loaded/);
  });

  it("--version and help work from the process", async () => {
    expect((await runCli(["--version"])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const help = await runCli(["help", "cleanup"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: apinizer-connections cleanup /);
  });
});
