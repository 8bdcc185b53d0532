// Issue 10, input 5: a Create Connection that stores the connection and then times out, answers
// 500 or resets the connection. The name "may exist" from the moment Create is sent; the run's
// cleanup settles it (delete, then a Get that says "not found"); whatever it cannot settle is
// listed with the exact command that removes it. The stand-in behind a front holds the truth.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { serve } from "../../../src/provider/index.js";
import { withServers } from "../../support/lifecycle.js";
import { againstServer, TOKEN, verifyCollect } from "../support/harness.js";
import { type FrontContext, startFront } from "../support/servers.js";

/** What the front does after the stand-in stored the connection. */
type Ending = (ctx: FrontContext) => void;
const endings: Record<string, Ending> = {
  // The inputs.
  "times out (never answers)": () => {},
  "answers 500": (ctx) => ctx.reply(500, { "content-type": "application/json" }, '{"error":"server_error"}'),
  "resets the connection": (ctx) => ctx.res.socket?.resetAndDestroy(),
  // Variants of the same kind.
  "answers a 502 gateway page": (ctx) => ctx.reply(502, { "content-type": "text/html" }, "<h1>Bad Gateway</h1>"),
  "breaks off in the middle of a 200": (ctx) => {
    ctx.res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
    ctx.res.write('{"success":tr');
    ctx.res.destroy();
  },
  "answers 200 with a body that is not JSON": (ctx) => ctx.reply(200, { "content-type": "text/plain" }, "OK"),
  'answers 400 "already exists"': (ctx) =>
    ctx.reply(
      400,
      { "content-type": "application/json" },
      '{"error":"bad_request","error_description":"Connection (name: x) already exists!"}',
    ),
};

const isCreate = (ctx: FrontContext) => ctx.request.method === "POST";

function runAmbiguous(projectName: string, ending: Ending, also?: (ctx: FrontContext) => boolean) {
  return withServers(async (track) => {
    const s = track(await serve({ token: TOKEN, projects: [projectName] }));
    const front = track(
      await startFront(s.url, async (ctx) => {
        if (also?.(ctx)) return true;
        if (!isCreate(ctx)) return false;
        await ctx.forward(); // stored
        ending(ctx);
        return true;
      }),
    );
    // 3 s: long enough for the pre-flight on a loaded runner (1 s failed there), short for "times out".
    const r = await verifyCollect(againstServer(front.url, { projectName, timeoutMs: 3_000 }));
    const creates = front.received.filter((q) => q.method === "POST").length;
    return { ...r, baseUrl: front.url, creates, stored: s.connections(projectName)?.map((c) => c.name) ?? [] };
  });
}

describe.concurrent("a Create that stores, then ends ambiguously", () => {
  it.each(Object.entries(endings))("%s: no fixture is left on the server", async (_name, ending) => {
    const r = await runAmbiguous("MyProject", ending);
    expect(r.creates, r.reportText).toBeGreaterThan(0);
    expect(r.stored).toEqual([]);
    expect(r.report.fixturesLeft).toEqual([]);
    // The interactions that needed a fixture say why they were not verified.
    const setup = r.report.interactions.filter((i) => i.problems.some((p) => /could not be set up/.test(p)));
    expect(setup).toHaveLength(r.creates);
    for (const i of setup) expect(i.verdict).toBe("error");
    expect(r.report.outcome).toBe("failed");
  });
});

describe.concurrent("a fixture the cleanup cannot remove", () => {
  /** The server keeps every fixture: Delete answers 500, Get finds it. */
  const keeps = (ctx: FrontContext) => {
    if (ctx.request.method !== "DELETE" || !ctx.request.url.includes("/act-verify-")) return false;
    ctx.reply(500, { "content-type": "application/json" }, '{"error":"server_error"}');
    return true;
  };

  /** How a POSIX shell splits the command's arguments (the command itself is never run). */
  const argvOf = (command: string): string[] =>
    spawnSync("sh", ["-c", `for a in ${command.replace(/^apinizer-connections /, "")}; do printf '%s\\n' "$a"; done`], {
      encoding: "utf8",
    })
      .stdout.split("\n")
      .slice(0, -1);

  it("is listed with the exact command that removes it", async () => {
    const r = await runAmbiguous("MyProject", endings["answers 500"] as Ending, keeps);
    const left = r.stored;
    expect(left.length).toBeGreaterThan(0);
    expect(r.report.fixturesLeft.map((f) => f.connectionName).sort()).toEqual(left.sort());
    for (const f of r.report.fixturesLeft) {
      expect(argvOf(f.command)).toEqual([
        "delete",
        "--base-url",
        r.baseUrl,
        "--project",
        "MyProject",
        `--connection=${f.connectionName}`,
        "--ignore-missing",
      ]);
    }
    expect(r.reportText).toMatch(/Fixtures left on the server \(the run could not confirm them gone\):/);
  });

  // Each word of the command is quoted for a POSIX shell: a project name with a space (or a shell
  // metacharacter) must not turn it into a command that addresses another project.
  it("is listed with a command that survives a shell, for a project name with a space", async () => {
    const r = await runAmbiguous("QA Team", endings["answers 500"] as Ending, keeps);
    expect(r.report.fixturesLeft.length).toBeGreaterThan(0);
    for (const f of r.report.fixturesLeft) expect(argvOf(f.command).slice(3, 5)).toEqual(["--project", "QA Team"]);
  });
});
