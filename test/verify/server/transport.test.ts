// verify and cleanup send every request through the fetch they are given (the CLI passes its
// transport: proxies from the environment, loopback direct); verify itself reads no variable.
// The proxy behaviour itself is the CLI's (test/cli/proxy.test.ts).
import { describe, expect, it } from "vitest";
import { serve } from "../../../src/provider/index.js";
import { cleanup } from "../../../src/verify/index.js";
import { closeAfterTest } from "../../support/lifecycle.js";
import { againstServer, TOKEN, verifyCollect } from "../support/harness.js";
import { startFront } from "../support/servers.js";

const PROJECT = "MyProject";

/** A fetch that records each Request's method and path, then sends it. */
function recording() {
  const seen: string[] = [];
  const send = (request: Request): Promise<Response> => {
    expect(request).toBeInstanceOf(Request);
    seen.push(`${request.method} ${new URL(request.url).pathname}`);
    return fetch(request);
  };
  return { seen, send };
}

describe("the fetch option", () => {
  it("verify against a server: every request the server receives came through it", async () => {
    const standIn = await serve({ token: TOKEN, projects: [PROJECT] });
    const server = await startFront(standIn.url, () => false);
    closeAfterTest(standIn, server);
    const { seen, send } = recording();
    const r = await verifyCollect(againstServer(server.url, { fetch: send }));
    expect(r.report.outcome, r.reportText).toBe("verified");
    expect(server.received.length).toBeGreaterThan(0);
    expect(seen).toEqual(server.received.map((q) => `${q.method} ${new URL(q.url, "http://x").pathname}`));
  });

  it("cleanup: listing and removing go through it", async () => {
    const standIn = await serve({ token: TOKEN, projects: [PROJECT] });
    closeAfterTest(standIn);
    const { seen, send } = recording();
    const r = await cleanup({
      baseUrl: standIn.url,
      token: TOKEN,
      projectName: PROJECT,
      timeoutMs: 5_000,
      fetch: send,
      output: { line: () => {}, result: () => {} },
    });
    expect(r.outcome).toBe("clean");
    expect(seen).toEqual([`GET /apiops/projects/${PROJECT}/connections/`]);
  });
});
