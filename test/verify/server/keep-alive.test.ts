// Issue 16 item 5: a server that closes an idle kept-alive connection just as the next request
// goes out on it. verify's HTTP sender (used by the pre-flight, the fixtures and cleanup) sends a
// GET or DELETE whose connection closed before any answer again, once; never a POST.
import { describe, expect, it } from "vitest";
import { serve } from "../../../src/provider/index.js";
import { cleanup } from "../../../src/verify/index.js";
import { fixtureBody } from "../../../src/verify/server/admin.js";
import { createSender, SendError } from "../../../src/verify/server/http.js";
import { closeAfterTest } from "../../support/lifecycle.js";
import { answer, nextTurn, type RawHandler, type RawServer, startRawServer } from "../../support/raw-http.js";
import { TOKEN } from "../support/harness.js";

async function raw(handler: RawHandler): Promise<RawServer> {
  return closeAfterTest(await startRawServer(handler));
}

/** Answers the first request of each connection; closes a reused connection's request unanswered. */
const closesReused: RawHandler = (socket, request) =>
  request.onConnection === 0 ? socket.write(answer(200, `{"n":${request.connection}}`)) : socket.end();

describe("verify's sender and a kept-alive connection closed before the answer", () => {
  for (const method of ["GET", "DELETE"]) {
    it(`${method}: sent again once, on a new connection, and answered`, async () => {
      const s = await raw(closesReused);
      const sender = createSender({ timeoutMs: 5_000 });
      expect((await sender.send({ method, url: `${s.url}/a/` })).status).toBe(200);
      await nextTurn();
      const second = await sender.send({ method, url: `${s.url}/b/` });
      expect(second.status).toBe(200);
      expect(s.received.map((q) => [q.target, q.connection, q.onConnection])).toEqual([
        ["/a/", 0, 0],
        ["/b/", 0, 1],
        ["/b/", 1, 0],
      ]);
      expect(sender.count).toBe(3);
    });
  }

  it("only once: a server that closes every connection gets two sendings, then a network error", async () => {
    const s = await raw((socket) => socket.end());
    const sender = createSender({ timeoutMs: 5_000 });
    const error = await sender.send({ method: "GET", url: `${s.url}/a/` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SendError);
    expect(error).toMatchObject({ reason: "network" });
    expect(s.received).toHaveLength(2);
  });

  it("a POST (not idempotent) is never sent again", async () => {
    const s = await raw(closesReused);
    const sender = createSender({ timeoutMs: 5_000 });
    await sender.send({ method: "GET", url: `${s.url}/a/` });
    await nextTurn();
    const error = await sender.send({ method: "POST", url: `${s.url}/b/`, body: "{}" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: "network" });
    expect(s.received.filter((q) => q.method === "POST")).toHaveLength(1);
  });

  it("an unsolicited 100 Continue: a network error that says why", async () => {
    const s = await raw((socket) => socket.write(`HTTP/1.1 100 Continue\r\n\r\n${answer(200, "{}")}`));
    const error = await createSender({ timeoutMs: 5_000 })
      .send({ method: "GET", url: `${s.url}/a/` })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: "network", message: expect.stringMatching(/100 Continue/) });
  });
});

describe("cleanup against a server that closes idle kept-alive connections", () => {
  it("removes the fixtures as if nothing happened", async () => {
    const PROJECT = "MyProject";
    const standIn = closeAfterTest(await serve({ token: TOKEN, projects: [PROJECT] }));
    for (const name of ["act-verify-aaaaaaaaaaaa-1", "act-verify-aaaaaaaaaaaa-2"]) {
      await fetch(`${standIn.url}/apiops/projects/${PROJECT}/connections/${name}/`, {
        method: "POST",
        headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify(fixtureBody(name, "aaaaaaaaaaaa")),
      });
    }
    // A front that forwards to the stand-in, and closes every reused connection's first request.
    let closed = 0;
    const front = await raw((socket, request) => {
      if (request.onConnection > 0 && closed < 3) {
        closed += 1;
        socket.end();
        return;
      }
      void fetch(`${standIn.url}${request.target}`, {
        method: request.method,
        headers: { authorization: request.headers["authorization"] ?? "", "content-type": "application/json" },
        redirect: "manual",
        ...(request.body !== "" ? { body: request.body } : {}),
      }).then(async (res) => socket.write(answer(res.status, await res.text())));
    });
    const report = await cleanup({
      baseUrl: front.url,
      token: TOKEN,
      projectName: PROJECT,
      timeoutMs: 5_000,
      output: { line: () => {}, result: () => {} },
    });
    expect(closed).toBeGreaterThan(0);
    expect(report.outcome).toBe("removed");
    expect(report.problems).toEqual([]);
    expect(standIn.connections(PROJECT)).toEqual([]);
  });
});
