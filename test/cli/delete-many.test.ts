// `delete` of several connections: --connection more than once or --from FILE|-, at most
// --concurrency at once, one line (or JSON line) each, a summary, the worst outcome's exit code,
// and Ctrl-C that stops sending and says what happened to each.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { main } from "../../src/cli/index.js";
import type { CliIo } from "../../src/cli/io.js";
import { type SeedConnection, type ServeOptions, serve } from "../../src/provider/index.js";
import { DELETED_BODY, json, startServer } from "../client/server.js";
import { captureIo } from "../support/io.js";

const TOKEN = "many-token-0a1b2c3d4e";
const P = "Ops";

async function standIn(count: number, options: ServeOptions = {}) {
  const connections: SeedConnection[] = Array.from({ length: count }, (_, i) => ({ connectionName: `c${i}` }));
  const s = await serve({ token: TOKEN, projects: [P], connections, ...options });
  onTestFinished(() => s.close());
  return s;
}

async function cli(argv: string[], url: string, extra: Partial<CliIo> = {}) {
  const c = captureIo({ APINIZER_TOKEN: TOKEN, APINIZER_BASE_URL: url });
  const code = await main(["delete", "--project", P, ...argv], { ...c.io, ...extra });
  return {
    code,
    out: c.stdout(),
    err: c.stderr(),
    lines: () =>
      c
        .stdout()
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l)),
  };
}

describe("delete of several connections", () => {
  it("--json: one line per connection, then a summary; the exit code is the worst outcome's", async () => {
    const s = await standIn(3);
    const r = await cli(["--connection", "c0", "--connection", "nope", "--connection", "c2", "--json"], s.url);
    expect(r.code).toBe(3);
    const lines = r.lines();
    expect(lines).toHaveLength(4);
    const byName = Object.fromEntries(lines.slice(0, 3).map((l) => [l.connectionName, l]));
    expect(byName["c0"]).toMatchObject({ projectName: P, ok: true, deleted: true, exitCode: 0 });
    expect(byName["c2"]).toMatchObject({ ok: true, deleted: true, exitCode: 0 });
    expect(byName["nope"]).toMatchObject({ ok: false, kind: "connection-not-found", exitCode: 3 });
    expect(lines[3]).toEqual({
      summary: { connections: 3, deleted: 2, "connection-not-found": 1, notSent: 0 },
      exitCode: 3,
    });
    expect(r.out).not.toContain(TOKEN);
  });

  it("text: a line each and a summary; a 401 is worse than a missing connection", async () => {
    const s = await standIn(2);
    const ok = await cli(["--connection", "c0", "--connection", "c1"], s.url);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('Deleted connection "c0" in project "Ops".');
    expect(ok.out).toContain("Deleted 2 of 2 connection(s) (exit 0).");
    const server = await startServer((req, res) =>
      req.url?.includes("/a/")
        ? json(res, 400, { error: "bad_request", error_description: "Connection (name: a) was not found!" })
        : json(res, 401, { error: "unauthorized_client", error_description: "Invalid token" }),
    );
    onTestFinished(() => server.close());
    const bad = await cli(["--connection", "a", "--connection", "b"], server.url);
    expect(bad.code).toBe(5);
    expect(bad.err).toContain("Deleted 0 of 2 connection(s); 1 ");
  });

  it("--from - reads names from stdin: comments, blank lines and repeats (letter case aside) skipped", async () => {
    const s = await standIn(3);
    const stdin = ["# to remove\n", "c0\n\n  C1  \r\n", "c0\nc2\n"];
    const r = await cli(["--from", "-", "--json"], s.url, { stdin });
    expect(r.code).toBe(0);
    expect(
      r
        .lines()
        .slice(0, -1)
        .map((l) => l.connectionName)
        .sort(),
    ).toEqual(["C1", "c0", "c2"]);
    expect(s.connections(P)).toEqual([]);
  });

  it("--from FILE, and a bad name in it: usage error naming the line, nothing sent", async () => {
    const s = await standIn(2);
    const dir = mkdtempSync(join(tmpdir(), "apinizer-from-"));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, "names"), "c0\n..\nc1\n");
    const r = await cli(["--from", join(dir, "names")], s.url);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--from: line 2 /);
    expect(s.connections(P)).toHaveLength(2);
  });

  it("sends at most --concurrency at once", async () => {
    let inFlight = 0;
    let most = 0;
    const server = await startServer((_req, res) => {
      inFlight++;
      most = Math.max(most, inFlight);
      setTimeout(() => {
        inFlight--;
        json(res, 200, DELETED_BODY);
      }, 20);
    });
    onTestFinished(() => server.close());
    const names = Array.from({ length: 12 }, (_, i) => `n${i}\n`).join("");
    const r = await cli(["--from", "-", "--concurrency", "3"], server.url, { stdin: [names] });
    expect(r.code).toBe(0);
    expect(server.requests).toHaveLength(12);
    expect(most).toBe(3);
  });

  it("a progress line on a terminal's stderr (once the run has taken a second), none in a log", async () => {
    // 400 ms per request, one at a time: the run outlasts the reporter's one-second delay.
    const s = await standIn(3, { behaviour: { delayMs: 400 } });
    const names = ["--connection", "c0", "--connection", "c1", "--connection", "c2", "--concurrency", "1"];
    const onTty = await cli(names, s.url, { tty: { stdout: false, stderr: true } });
    expect(onTty.err).toMatch(/\rconnections deleted: \d\/3/);
    const s2 = await standIn(3);
    const inLog = await cli(names, s2.url);
    expect(inLog.err).toBe("");
  });

  it("Ctrl-C stops sending: exit 130, and the summary lists deleted, under way and not sent", async () => {
    const c = captureIo({ APINIZER_TOKEN: TOKEN });
    let answered = 0;
    const server = await startServer((_req, res) => {
      // Two answers, then the third request is stopped by Ctrl-C while it waits.
      if (answered++ < 2) json(res, 200, DELETED_BODY);
      else c.abort();
    });
    onTestFinished(() => server.close());
    const names = Array.from({ length: 6 }, (_, i) => `n${i}\n`).join("");
    const code = await main(["delete", "--project", P, "--from", "-", "--concurrency", "1", "--base-url", server.url], {
      ...c.io,
      stdin: [names],
    });
    expect(code).toBe(130);
    expect(server.requests).toHaveLength(3);
    const err = c.stderr();
    expect(err).toContain("interrupted (SIGINT): stopped sending.");
    expect(err).toMatch(/ {2}deleted \(2\):\n {4}n0\n {4}n1\n/);
    expect(err).toMatch(/ {2}may have been deleted \(under way when stopped\) \(1\):\n {4}n2\n/);
    expect(err).toMatch(/ {2}not sent \(3\):\n {4}n3\n {4}n4\n {4}n5\n/);
  });

  it("Ctrl-C with --json: the summary names each group", async () => {
    const c = captureIo({ APINIZER_TOKEN: TOKEN });
    let answered = 0;
    const server = await startServer((_req, res) => (answered++ < 1 ? json(res, 200, DELETED_BODY) : c.abort()));
    onTestFinished(() => server.close());
    const code = await main(
      ["delete", "--project", P, "--from", "-", "--concurrency", "1", "--base-url", server.url, "--json"],
      { ...c.io, stdin: ["a\nb\nc\n"] },
    );
    expect(code).toBe(130);
    const lines = c
      .stdout()
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.at(-1)).toMatchObject({
      summary: {
        connections: 3,
        deleted: 1,
        notSent: 1,
        interrupted: "SIGINT",
        names: { deleted: ["a"], mayHaveBeenDeleted: ["b"], notSent: ["c"], notDeleted: [] },
      },
      exitCode: 130,
    });
  });
});
