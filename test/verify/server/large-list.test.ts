// Issue 19, item 3: cleanup on a project with many connections. The List answer is read up to
// MAX_LIST_BYTES (not the 1 MiB of other answers), parsed as it arrives; past the bound it says
// so and still removes the fixtures it could identify. The project's ordinary connections are
// realistic objects (bench/cleanup/connections.ts), put before the stand-in's own list by a front.
import { describe, expect, it } from "vitest";
import { realisticConnection } from "../../../bench/cleanup/connections.js";
import { serve } from "../../../src/provider/index.js";
import { MAX_BODY_BYTES } from "../../../src/rules/limits.js";
import { cleanup } from "../../../src/verify/index.js";
import { fixtureBody } from "../../../src/verify/server/admin.js";
import { withServers } from "../../support/lifecycle.js";
import { TOKEN } from "../support/harness.js";
import { startFront } from "../support/servers.js";

const PROJECT = "MyProject";

/** A stand-in holding `fixtures` fixtures, behind a front whose List answer has `others` ordinary connections first. */
async function largeProject(
  track: <S extends { close(): Promise<void> }>(s: S) => S,
  others: number,
  fixtures: number,
) {
  const s = track(await serve({ token: TOKEN, projects: [PROJECT] }));
  for (let i = 0; i < fixtures; i++) {
    const name = `act-verify-abcabcabcabc-${i + 1}`;
    await fetch(`${s.url}/apiops/projects/${PROJECT}/connections/${name}/`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify(fixtureBody(name, "abcabcabcabc")),
    });
  }
  const filler = Array.from({ length: others }, (_, i) => JSON.stringify(realisticConnection(i))).join(",");
  let listBytes = 0;
  const front = track(
    await startFront(s.url, async (ctx) => {
      if (ctx.request.method !== "GET" || !/\/connections\/(\?|$)/.test(ctx.request.url)) return false;
      const own = JSON.parse((await ctx.forward()).body.toString()) as { resultList: unknown[] };
      const list = [filler, ...own.resultList.map((c) => JSON.stringify(c))].filter((t) => t !== "").join(",");
      const body = `{"success":true,"resultList":[${list}],"resultCount":${others + own.resultList.length}}`;
      listBytes = Buffer.byteLength(body);
      ctx.reply(200, { "content-type": "application/json;charset=UTF-8" }, body);
      return true;
    }),
  );
  const remaining = () => (s.connections(PROJECT) ?? []).length;
  return { url: front.url, remaining, listBytes: () => listBytes };
}

const run = (baseUrl: string, maxListBytes?: number) =>
  cleanup({
    baseUrl,
    token: TOKEN,
    projectName: PROJECT,
    timeoutMs: 30_000,
    output: { line: () => {}, result: () => {} },
    ...(maxListBytes === undefined ? {} : { maxListBytes }),
  });

describe("cleanup of a large project", () => {
  it("a List answer of several MiB (5,000 realistic connections): the fixtures among them are found and removed", async () => {
    await withServers(async (track) => {
      const p = await largeProject(track, 5_000, 3);
      const report = await run(p.url);
      expect(p.listBytes()).toBeGreaterThan(4 * MAX_BODY_BYTES);
      expect(report).toMatchObject({ outcome: "removed", problems: [] });
      expect(report.removed).toHaveLength(3);
      expect(p.remaining()).toBe(0);
    });
  });

  it("past the bound: says plainly how much was read, and removes the fixtures it could identify", async () => {
    await withServers(async (track) => {
      const p = await largeProject(track, 0, 40);
      const report = await run(p.url, 4 * 1024);
      expect(p.listBytes()).toBeGreaterThan(4 * 1024);
      expect(report.removed.length).toBeGreaterThan(0);
      expect(report.removed.length).toBeLessThan(40);
      expect(p.remaining()).toBe(40 - report.removed.length);
      expect(report.problems.join("\n")).toMatch(
        new RegExp(
          `longer than 4 KiB, the most this tool reads: only the first ${report.removed.length} connection\\(s\\) were read`,
        ),
      );
    });
  });
});

describe("a List answer that is no list", () => {
  it.each([
    ["not JSON", "<html>proxy error</html>"],
    ["a failure in a 200", '{"status":"FAILURE","resultMessage":"Project not found"}'],
    ["no resultList", '{"items":[]}'],
  ])("%s: cleanup fails and says why", async (_name, body) => {
    await withServers(async (track) => {
      const s = track(await serve({ token: TOKEN, projects: [PROJECT] }));
      const front = track(
        await startFront(s.url, (ctx) => {
          if (ctx.request.method !== "GET") return false;
          ctx.reply(200, { "content-type": "application/json" }, body);
          return true;
        }),
      );
      const report = await run(front.url);
      expect(report.outcome).toBe("failed");
      expect(report.problems[0]).toMatch(
        /^List Connections of project MyProject answered 200 (with a body that is not JSON|with a failure: Project not found|without a list of connections)/,
      );
    });
  });
});
