// Issue 10, input 1: a server that answers with a redirect must not make anything follow it. A
// 3xx is the server's answer, reported as such; no request ever goes to a host or path the safety
// gate did not approve (the "other host" below records everything it receives).
import { describe, expect, it } from "vitest";
import { type StandIn, serve } from "../../../src/provider/index.js";
import { STATES } from "../../../src/rules/contract.js";
import { type Closeable, withServers } from "../../support/lifecycle.js";
import { againstServer, TOKEN, verifyCollect } from "../support/harness.js";
import { linesOf, pathOf, startFront, startServer, startVictim, type TestServer } from "../support/servers.js";

const PROJECT = "MyProject";
type Track = <S extends Closeable>(s: S) => S;

async function standIn(track: Track): Promise<StandIn> {
  const s = track(await serve({ token: TOKEN, projects: [PROJECT] }));
  // Somebody's real connection, which a followed redirect could reach.
  await fetch(`${s.url}/apiops/projects/${PROJECT}/connections/victim/`, {
    method: "POST",
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ type: "email", name: "victim" }),
  });
  return s;
}

/** A front that answers the first DELETE of each path with `status` and `location`. */
async function redirectingFront(track: Track, upstream: string, status: number, location: string): Promise<TestServer> {
  const redirected = new Set<string>();
  const front = await startFront(upstream, ({ request, reply }) => {
    if (request.method !== "DELETE" || redirected.has(pathOf(request))) return false;
    redirected.add(pathOf(request));
    reply(status, { location, "content-type": "text/plain" }, "moved");
    return true;
  });
  return track(front);
}

const run = (baseUrl: string) => verifyCollect(againstServer(baseUrl, { projectName: PROJECT }));

describe.concurrent("a redirect answering the verified DELETE", () => {
  const cases = [
    // The input: 307 to another host.
    { status: 307, location: (victim: string) => `${victim}/apiops/projects/P/connections/victim/` },
    { status: 308, location: (victim: string) => `${victim}/apiops/projects/P/connections/victim/` },
    { status: 302, location: (victim: string) => `${victim}/apiops/projects/P/connections/victim/` },
    { status: 301, location: (victim: string) => `//${new URL(victim).host}/apiops/projects/P/connections/victim/` },
    { status: 303, location: () => `/apiops/projects/${PROJECT}/connections/victim/` },
    { status: 307, location: () => "../victim/" },
  ];

  it.each(cases)("$status to another place is reported as the answer, never followed", ({ status, location }) =>
    withServers(async (track) => {
      const victim = track(await startVictim());
      const s = await standIn(track);
      const front = await redirectingFront(track, s.url, status, location(victim.url));

      const r = await run(front.url);

      expect(victim.received, "the other host received a request").toEqual([]);
      expect(r.report.outcome).toBe("failed");
      // Every DELETE that reached the server addressed a fixture of this run, without a query.
      for (const line of linesOf(front.received).filter((l) => l.startsWith("DELETE")))
        expect(line).toMatch(/^DELETE \/apiops\/projects\/[^/]+\/connections\/act-verify-[0-9a-f]{12}-[\w-]+\/$/i);
      const deleted = r.report.interactions.find((i) => i.states.join() === STATES.connectionExists);
      expect(deleted?.verdict).toBe("failed");
      expect(deleted?.differences).toContain(`status: expected 200, actual ${status}`);
      // The redirect was the answer: nothing was refused by the gate, as a followed relative Location would be.
      expect(r.report.interactions.flatMap((i) => i.problems).join("\n")).not.toMatch(/not sent/);
      expect(s.connections(PROJECT)?.map((c) => c.name)).toEqual(["victim"]);
      expect(r.report.fixturesLeft).toEqual([]);
    }),
  );
});

describe.concurrent("a redirect answering verify's own requests", () => {
  it("a 3xx to Create, Get or the healthcheck is an answer, not an address to go to", () =>
    withServers(async (track) => {
      // An "other host" that looks like a healthy Apinizer: following it would make the run pass.
      const victim = await startServer((request, res) => {
        res.writeHead(200, { "content-type": "text/plain" });
        res.end(request.url.startsWith("/apiops/test/healthcheck") ? "OK" : "{}");
      });
      track(victim);
      const s = await standIn(track);
      const to = (path: string) => `${victim.url}${path}`;

      const health = await startFront(s.url, ({ request, reply }) => {
        if (!request.url.startsWith("/apiops/test/healthcheck")) return false;
        reply(301, { location: to(request.url) }, "");
        return true;
      });
      track(health);
      const h = await run(health.url);
      expect(h.report.outcome).toBe("preflight-failed");
      expect(h.report.problems.join("\n")).toMatch(/healthcheck answered 301/);

      const create = await startFront(s.url, ({ request, reply }) => {
        if (request.method !== "POST") return false;
        reply(307, { location: to(request.url) }, "");
        return true;
      });
      track(create);
      const c = await run(create.url);
      expect(c.report.outcome).toBe("failed");
      expect(c.report.interactions.flatMap((i) => i.problems).join("\n")).toMatch(
        /Create Connection \S+ .*answered 307/,
      );

      const get = await startFront(s.url, ({ request, reply }) => {
        if (request.method !== "GET" || !request.url.includes("/connections/")) return false;
        reply(302, { location: to(request.url) }, "");
        return true;
      });
      track(get);
      const g = await run(get.url);
      expect(g.report.outcome).toBe("preflight-failed");
      expect(g.report.problems.join("\n")).toMatch(/Get Connection of the unused name \S+ answered 302/);

      expect(victim.received, "the other host received a request").toEqual([]);
      expect(s.connections(PROJECT)?.map((c) => c.name)).toEqual(["victim"]);
    }));
});
