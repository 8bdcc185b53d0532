// Issue 22: verify's fixture calls (Create, Get, Delete) and `cleanup`'s removals go through the
// package's client, so the client's reading of the spec and its rules apply to them: a 200 that
// does not say what the operation documents proves nothing, and a name the client's rule refuses
// is never sent. Each case runs against the stand-in behind a front that rewrites chosen answers.
import { describe, expect, it } from "vitest";
import { serve } from "../../../src/provider/index.js";
import { STATES } from "../../../src/rules/contract.js";
import { cleanup } from "../../../src/verify/index.js";
import { FIXTURE_MARKER, fixtureBody } from "../../../src/verify/server/admin.js";
import { withServers } from "../../support/lifecycle.js";
import { againstServer, TOKEN, verifyCollect } from "../support/harness.js";
import { type FrontContext, startFront } from "../support/servers.js";

const PROJECT = "MyProject";
const JSON_TYPE = { "content-type": "application/json" };

/** verify against the stand-in behind a front whose `hook` answers chosen requests itself. */
function verifyBehind(hook: (ctx: FrontContext) => boolean) {
  return withServers(async (track) => {
    const s = track(await serve({ token: TOKEN, projects: [PROJECT] }));
    const front = track(await startFront(s.url, hook));
    const r = await verifyCollect(againstServer(front.url));
    return { ...r, front };
  });
}

const given = (r: Awaited<ReturnType<typeof verifyBehind>>, state: string) =>
  r.report.interactions.find((i) => i.states.join() === state);

describe.concurrent("verify's fixture calls are read as the client reads them", () => {
  it('a Create answered 200 with "success": false made no fixture: not verified, and no finding against Delete', async () => {
    const r = await verifyBehind((ctx) => {
      if (ctx.request.method !== "POST") return false;
      const refused = { success: false, error: "bad_request", error_description: "Connection could not be saved" };
      ctx.reply(200, JSON_TYPE, JSON.stringify(refused));
      return true;
    });
    const setUp = r.report.interactions.filter((i) =>
      i.problems.some((p) =>
        /state could not be set up: Create Connection .* answered 200: Connection could not be saved/.test(p),
      ),
    );
    expect(setUp.length, r.reportText).toBeGreaterThan(0);
    for (const i of setUp) expect(i.verdict).toBe("error");
    // The verified DELETE of a fixture that was never made would answer "not found": a false finding.
    expect(r.report.interactions.filter((i) => i.verdict === "failed")).toEqual([]);
  });

  it("a Get answered 200 without the connection proves neither that it is gone nor that it exists", async () => {
    const r = await verifyBehind((ctx) => {
      const { method, url } = ctx.request;
      // The pre-flight's probe passes through; every Get of a fixture answers an empty list.
      if (method !== "GET" || !url.includes("/connections/act-verify-") || url.includes("-probe/")) return false;
      ctx.reply(200, JSON_TYPE, JSON.stringify({ success: true, resultList: [], resultCount: 0 }));
      return true;
    });
    const deleted = given(r, STATES.connectionExists);
    expect(deleted?.verdict, r.reportText).toBe("failed");
    expect(deleted?.problems.join("\n")).toMatch(
      /could not confirm connection act-verify-\S+ is gone after the delete request: Get Connection answered 200/,
    );
    expect(r.reportText).not.toMatch(/still exists after the delete request/);
    const refused = given(r, STATES.tokenInvalid);
    expect(refused?.verdict, r.reportText).toBe("failed");
    expect(refused?.problems.join("\n")).toMatch(/may have been deleted \(Get Connection answered 200/);
  });
});

describe("cleanup's removals go through the client", () => {
  it("a listed fixture whose name the client's rule refuses (it holds '/') is left, never sent", () =>
    withServers(async (track) => {
      const s = track(await serve({ token: TOKEN, projects: [PROJECT] }));
      const listed = ["act-verify-aaaaaaaaaaaa-1", "act-verify-aaaaaaaaaaaa-2/../victim"];
      const stored = listed[0] as string;
      await fetch(`${s.url}/apiops/projects/${PROJECT}/connections/${stored}/`, {
        method: "POST",
        headers: { authorization: `Bearer ${TOKEN}`, ...JSON_TYPE },
        body: JSON.stringify(fixtureBody(stored, "aaaaaaaaaaaa")),
      });
      // The front lists both names, each with the fixture marker.
      const front = track(
        await startFront(s.url, (ctx) => {
          if (ctx.request.method !== "GET" || !/\/connections\/(\?|$)/.test(ctx.request.url)) return false;
          const resultList = listed.map((name) => ({ type: "email", name, description: `${FIXTURE_MARKER}, run x` }));
          ctx.reply(200, JSON_TYPE, JSON.stringify({ success: true, resultList, resultCount: 2 }));
          return true;
        }),
      );
      const report = await cleanup({
        baseUrl: front.url,
        token: TOKEN,
        projectName: PROJECT,
        timeoutMs: 5_000,
        output: { line: () => {}, result: () => {} },
      });
      expect(report.removed).toEqual([stored]);
      expect(report.left.map((l) => l.connectionName)).toEqual([listed[1]]);
      expect(report.problems.join("\n")).toMatch(
        /could not remove fixture act-verify-aaaaaaaaaaaa-2\/\.\.\/victim: connectionName/,
      );
      expect(front.received.filter((q) => q.url.includes("victim"))).toEqual([]);
      expect(s.connections(PROJECT)).toEqual([]);
    }));
});
