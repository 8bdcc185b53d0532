// `verify` against a server started separately with `serve`: the run passes, leaves no fixture
// behind, and does not disturb a second run at the same time; the pre-flight stops early on a
// wrong server, token or project; the default target is the built-in stand-in.
import { describe, expect, it } from "vitest";
import { run as serveCommand } from "../../src/cli/serve.js";
import { serve } from "../../src/provider/index.js";
import { captureIo, waitFor } from "../support/io.js";
import { pactPath, passCount, runVerify } from "./support/harness.js";

const SECRET = "serve-token-7d1e9b2c";

async function startServe(projects: string[]) {
  const c = captureIo({ APINIZER_TOKEN: SECRET });
  const done = serveCommand(
    projects.flatMap((p) => ["--project", p]),
    c.io,
  );
  await waitFor(() => c.stdout().includes("listening on"));
  const url = /listening on (\S+)/.exec(c.stdout())?.[1];
  if (!url) throw new Error(`serve did not start: ${c.stdout()}${c.stderr()}`);
  return {
    url,
    stop: async () => {
      c.abort();
      return done;
    },
  };
}

async function listConnections(
  url: string,
  project: string,
): Promise<{ resultCount: number; resultList: { name: string }[] }> {
  const res = await fetch(`${url}/apiops/projects/${project}/connections/`, {
    headers: { authorization: `Bearer ${SECRET}` },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { resultCount: number; resultList: { name: string }[] };
}

describe("verify against a server", () => {
  it("passes against `serve`, twice at the same time, and leaves no fixture behind", async () => {
    const server = await startServe(["QA", "Other"]);
    try {
      // Something that belongs to someone else, which the runs must not touch.
      const mine = await fetch(`${server.url}/apiops/projects/QA/connections/someone-elses/`, {
        method: "POST",
        headers: { authorization: `Bearer ${SECRET}`, "content-type": "application/json" },
        body: JSON.stringify({ type: "email", name: "someone-elses" }),
      });
      expect(mine.status).toBe(200);

      const args = ["--base-url", server.url, "--project", "QA", "--pact", pactPath];
      const [a, b] = await Promise.all([
        runVerify(args, { APINIZER_TOKEN: SECRET }),
        runVerify(args, { APINIZER_TOKEN: SECRET }),
      ]);
      for (const r of [a, b]) {
        expect(r.code, r.stdout + r.stderr).toBe(0);
        expect(passCount(r.stdout)).toBe(5);
        expect(r.stdout + r.stderr).not.toContain(SECRET);
      }
      const runIds = [a, b].map((r) => /fixtures act-verify-([0-9a-f]{8})-\*/.exec(r.stdout)?.[1]);
      expect(runIds[0]).toBeDefined();
      expect(runIds[0]).not.toBe(runIds[1]);

      expect(await listConnections(server.url, "QA")).toMatchObject({
        resultCount: 1,
        resultList: [{ name: "someone-elses" }],
      });
      expect((await listConnections(server.url, "Other")).resultCount).toBe(0);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it("verifies against the built-in stand-in by default", async () => {
    const r = await runVerify([], {});
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^Contract verification against the built-in Apinizer stand-in \(http:\/\/127\.0\.0\.1:\d+\)$/m,
    );
    expect(r.stdout).toMatch(/^VERIFIED: 5 interactions, 5 passed, 0 failed$/m);
  });
});

describe("pre-flight", () => {
  const pact = ["--pact", pactPath];

  it("stops early (exit 3) when the server is unreachable", async () => {
    const s = await serve();
    const url = s.url;
    await s.close();
    const r = await runVerify(["--base-url", url, "--project", "P", ...pact, "--timeout", "2"], {
      APINIZER_TOKEN: SECRET,
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/pre-flight failed: cannot reach http:\/\/127\.0\.0\.1:\d+/);
  });

  it("stops early when the healthcheck is not Apinizer's, the token is rejected, or the project is missing", async () => {
    const s = await serve({ token: SECRET, projects: ["QA"] });
    const other = await serve({
      token: SECRET,
      behaviour: {
        reply: (reply, ctx) =>
          ctx.operation === "healthcheck" ? { ...reply, body: "<html>Welcome</html>" } : undefined,
      },
    });
    try {
      const wrongToken = await runVerify(["--base-url", s.url, "--project", "QA", ...pact], {
        APINIZER_TOKEN: "not-the-token",
      });
      expect(wrongToken.code).toBe(3);
      expect(wrongToken.stderr).toMatch(/rejected APINIZER_TOKEN \(401\)/);
      expect(wrongToken.stderr).not.toContain("not-the-token");

      const noProject = await runVerify(["--base-url", s.url, "--project", "Nope", ...pact], {
        APINIZER_TOKEN: SECRET,
      });
      expect(noProject.code).toBe(3);
      expect(noProject.stderr).toMatch(/project "Nope" was not found/);

      const notApinizer = await runVerify(["--base-url", other.url, "--project", "MyProject", ...pact], {
        APINIZER_TOKEN: SECRET,
      });
      expect(notApinizer.code).toBe(3);
      expect(notApinizer.stderr).toMatch(/healthcheck answered 200.*not 200 "OK"/);

      expect(s.connections("QA")).toEqual([]);
    } finally {
      await Promise.all([s.close(), other.close()]);
    }
  });

  it("reports usage errors with exit 2", async () => {
    expect((await runVerify(["--token", "x"], {})).code).toBe(2);
    const r = await runVerify(["--pact", "/nonexistent/dir"], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/does not exist/);
    const h = await runVerify(["--help"], {});
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/Exit codes: 0 all verified/);
  });
});
