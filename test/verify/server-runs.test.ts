// `verify` against a server started separately: the run passes, leaves no fixture behind, and
// does not disturb a second run at the same time; the pre-flight stops early, before creating
// anything, on an unreachable server, a server that is not Apinizer, a rejected token or a
// missing project; unusable pacts are a usage problem; the default target is the stand-in.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type ServeOptions, type StandIn, serve } from "../../src/provider/index.js";
import type { VerifyOptions } from "../../src/verify/index.js";
import { closeAfterTest } from "../support/lifecycle.js";
import { againstServer, pactPath, verifyCollect } from "./support/harness.js";
import { tempDir } from "./support/pacts.js";
import { distinctiveToken, expectNoToken } from "./support/secrets.js";
import { elements, parseXml } from "./support/xml.js";

const SECRET = distinctiveToken();

const against = (s: { url: string }, projectName: string, token = SECRET): Omit<VerifyOptions, "output"> =>
  againstServer(s.url, { token, projectName });

/** A stand-in with SECRET as its token, closed when the test finishes. */
const standIn = async (options: ServeOptions): Promise<StandIn> =>
  closeAfterTest(await serve({ token: SECRET, ...options }));

describe("verify against a server", () => {
  it("passes twice at the same time against one server, and leaves no fixture behind", async () => {
    const s = await standIn({
      projects: ["QA", "Other"],
      connections: [{ projectName: "QA", connectionName: "someone-elses" }],
    });
    const [a, b] = await Promise.all([verifyCollect(against(s, "QA")), verifyCollect(against(s, "QA"))]);
    for (const r of [a, b]) {
      expect(r.report.outcome, r.reportText).toBe("verified");
      expect(r.report.interactions.filter((i) => i.verdict === "passed")).toHaveLength(5);
      expectNoToken(SECRET, r.texts);
    }
    expect(a.report.runId).not.toBe(b.report.runId);
    expect(s.connections("QA")?.map((c) => c.name)).toEqual(["someone-elses"]);
    expect(s.connections("Other")).toEqual([]);
  });

  it("verifies against the built-in stand-ins by default, one per envelope", async () => {
    const r = await verifyCollect({
      target: { kind: "stand-in" },
      source: { kind: "files", paths: [pactPath] },
      timeoutMs: 5_000,
    });
    expect(r.report.outcome, r.reportText).toBe("verified");
    expect(r.lines[0]).toMatch(/^Verifying .* against the built-in stand-in; fixtures act-verify-[0-9a-f]{12}-\*/);
    expect(r.report.envelopes).toEqual(["success", "status"]);
    // Two stand-ins on random ports: the JUnit suite's name and properties name none of them.
    const junit = parseXml(r.junit);
    expect(elements(junit, "testsuite")[0]?.attributes["name"]).toBe("apinizer-connections verify");
    expect(r.junit).not.toMatch(/127\.0\.0\.1:\d+/);
  });
});

describe("pre-flight", () => {
  it("stops early when the server is unreachable", async () => {
    const s = await serve();
    await s.close();
    const r = await verifyCollect({ ...against(s, "P"), timeoutMs: 2_000 });
    expect(r.report.outcome).toBe("preflight-failed");
    expect(r.report.problems.join("\n")).toMatch(/cannot reach http:\/\/127\.0\.0\.1:\d+/);
  });

  it("stops early when the healthcheck is not Apinizer's, the token is rejected, or the project is missing", async () => {
    {
      const s = await standIn({ projects: ["QA"] });
      const wrongToken = await verifyCollect(against(s, "QA", "not-the-token"));
      expect(wrongToken.report.outcome).toBe("preflight-failed");
      expect(wrongToken.report.problems.join("\n")).toMatch(/rejected APINIZER_TOKEN \(401/);
      expectNoToken("not-the-token", wrongToken.texts);

      const noProject = await verifyCollect(against(s, "Nope"));
      expect(noProject.report.outcome).toBe("preflight-failed");
      expect(noProject.report.problems.join("\n")).toMatch(/project "Nope" was not found/);
      expect(s.connections("QA")).toEqual([]);
    }
    const notApinizer = {
      reply: () => ({ status: 200, headers: { "content-type": "text/html" }, body: "<html>Welcome</html>" }),
    };
    const s = await standIn({ behaviour: notApinizer });
    const r = await verifyCollect(against(s, "MyProject"));
    expect(r.report.outcome).toBe("preflight-failed");
    expect(r.report.problems.join("\n")).toMatch(/healthcheck answered 200.*not 200 "OK"/);
    expect(s.connections("MyProject")).toEqual([]);
  });
});

describe("unusable pacts", () => {
  it("a missing path, an empty folder, a file that is not JSON, a JSON that is not a pact: usage, nothing sent", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "empty"));
    writeFileSync(join(dir, "broken.json"), "{ not json");
    writeFileSync(join(dir, "other.json"), JSON.stringify({ hello: "world" }));
    let seen = 0;
    {
      const s = await standIn({ onRequest: () => void seen++ });
      for (const [path, said] of [
        ["/nonexistent/dir", /cannot read \/nonexistent\/dir: ENOENT/],
        [join(dir, "empty"), /no pact files \(\*\.json\)/],
        [join(dir, "broken.json"), /broken\.json: not JSON/],
        [join(dir, "other.json"), /other\.json: no consumer name/],
      ] as const) {
        const r = await verifyCollect({ ...against(s, "MyProject"), source: { kind: "files", paths: [path] } });
        expect(r.report.outcome).toBe("usage");
        expect(r.report.problems.join("\n")).toMatch(said);
        expect(r.junit).toMatch(/<error message=/);
      }
    }
    expect(seen).toBe(0);
  });
});
