// Retries: which failures are retried, the backoff and Retry-After (on a fake clock), and what a
// retry that hears "not found" says about the earlier attempt.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createConnectionsClient, type FetchFunction } from "../../src/client/index.js";
import { DELETED_BODY, json, startServer, type TestServer } from "./server.js";

const TOKEN = "tok-retries-7f3e";
const NAMES = { projectName: "P", connectionName: "C" };
let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

/** A fetch that answers each call with `answer(n)` and records the (fake) time of each call. */
function recordingFetch(answer: (n: number) => Response | Promise<Response>) {
  const times: number[] = [];
  const fetch: FetchFunction = async () => {
    times.push(Date.now());
    return answer(times.length - 1);
  };
  return { fetch, times };
}

/**
 * Runs a call on a fake clock, advancing it until the call ends: backoff waits take no real time.
 * The client's custom-fetch path answers at once, so only the client's own timers are pending.
 */
async function onFakeClock<T>(call: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
  try {
    let done = false;
    const pending = call().finally(() => {
      done = true;
    });
    while (!done) await vi.advanceTimersByTimeAsync(100);
    return await pending;
  } finally {
    vi.useRealTimers();
  }
}

const jsonResponse = (status: number, body: unknown) =>
  new Response(typeof body === "string" ? body : JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json" },
  });

describe("retries", () => {
  it("503 then 200: retried and deleted", async () => {
    server.handler = (_req, res, i) => (i % 2 === 0 ? json(res, 503, "busy") : json(res, 200, DELETED_BODY));
    server.requests.length = 0;
    const client = createConnectionsClient({ baseUrl: server.url, token: TOKEN, retries: 2 });
    expect(await client.deleteConnection(NAMES)).toMatchObject({ ok: true, deleted: true });
    expect(server.requests).toHaveLength(2);
  });

  it("retries only 502/503/504 and network errors, never 4xx, 500 or 200", async () => {
    for (const status of [400, 401, 404, 500, 501]) {
      const { fetch, times } = recordingFetch(() =>
        jsonResponse(status, { error: "x", error_description: "Connection (name: C) was not found!" }),
      );
      const client = createConnectionsClient({ baseUrl: "http://example.test", token: TOKEN, retries: 2, fetch });
      await onFakeClock(() => client.deleteConnection(NAMES));
      expect(times, `status ${status}`).toHaveLength(1);
    }
    for (const status of [502, 504]) {
      const { fetch, times } = recordingFetch(() => jsonResponse(status, "gateway"));
      const client = createConnectionsClient({ baseUrl: "http://example.test", token: TOKEN, retries: 2, fetch });
      expect(await onFakeClock(() => client.deleteConnection(NAMES))).toMatchObject({
        ok: false,
        kind: "http-error",
        status,
      });
      expect(times, `status ${status}`).toHaveLength(3);
    }
    const { fetch, times } = recordingFetch((n) =>
      n === 0 ? Promise.reject(new TypeError("fetch failed")) : jsonResponse(200, JSON.parse(DELETED_BODY)),
    );
    const client = createConnectionsClient({ baseUrl: "http://example.test", token: TOKEN, retries: 2, fetch });
    expect(await onFakeClock(() => client.deleteConnection(NAMES))).toMatchObject({ ok: true, deleted: true });
    expect(times).toHaveLength(2);
  });

  it("without retries (the default) a 503 is reported at once", async () => {
    server.handler = (_req, res) => json(res, 503, "busy");
    const before = server.requests.length;
    const client = createConnectionsClient({ baseUrl: server.url, token: TOKEN });
    expect(await client.deleteConnection(NAMES)).toMatchObject({
      ok: false,
      kind: "http-error",
      status: 503,
      body: "busy",
    });
    expect(server.requests.length - before).toBe(1);
  });

  it("network errors are retried: closed socket, then success", async () => {
    server.handler = (req, res, i) => (i % 2 === 0 ? req.socket.destroy() : json(res, 200, DELETED_BODY));
    server.requests.length = 0;
    const client = createConnectionsClient({ baseUrl: server.url, token: TOKEN, retries: 1 });
    expect(await client.deleteConnection(NAMES)).toMatchObject({ ok: true });
    expect(server.requests).toHaveLength(2);
  });

  it("a timeout is not retried", async () => {
    server.handler = () => {};
    const before = server.requests.length;
    const client = createConnectionsClient({ baseUrl: server.url, token: TOKEN, retries: 3, timeoutMs: 150 });
    expect(await client.deleteConnection(NAMES)).toMatchObject({ kind: "timeout" });
    expect(server.requests.length - before).toBe(1);
  });

  it("ignoreMissing makes a retried delete safe: first attempt lost, second says not found", async () => {
    server.handler = (req, res, i) =>
      i % 2 === 0
        ? req.socket.destroy()
        : json(res, 400, { error: "bad_request", error_description: "Connection (name: C) was not found!" });
    server.requests.length = 0;
    const client = createConnectionsClient({ baseUrl: server.url, token: TOKEN, retries: 1 });
    expect(await client.deleteConnection(NAMES, { ignoreMissing: true })).toMatchObject({
      ok: true,
      deleted: false,
      status: 400,
    });
  });
});

describe("backoff and Retry-After, on a fake clock", () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  const busy = (headers: Record<string, string> = {}) => new Response("busy", { status: 503, headers });

  it("Retry-After is honoured: the retry waits the seconds the server asked for", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const t0 = Date.now();
    const { fetch, times } = recordingFetch((n) =>
      n === 0 ? busy({ "retry-after": "1" }) : new Response(DELETED_BODY),
    );
    const client = createConnectionsClient({ baseUrl: "http://example.test", token: TOKEN, retries: 1, fetch });
    const pending = client.deleteConnection(NAMES);
    await vi.advanceTimersByTimeAsync(999);
    expect(times).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await pending).toMatchObject({ ok: true, deleted: true });
    expect(times.map((t) => t - t0)).toEqual([0, 1000]);
  });

  it("never waits beyond the overall time limit: a Retry-After past it ends the retries at once", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    const { fetch, times } = recordingFetch(() => busy({ "retry-after": "120" }));
    const client = createConnectionsClient({
      baseUrl: "http://example.test",
      token: TOKEN,
      retries: 5,
      timeoutMs: 2000,
      fetch,
    });
    // Resolves without the clock moving at all.
    expect(await client.deleteConnection(NAMES)).toMatchObject({ ok: false, kind: "http-error", status: 503 });
    expect(times).toHaveLength(1);
  });

  it("backoff doubles (200 ms x 2^n, jitter at its top) and no retry is made past timeoutMs", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    vi.spyOn(Math, "random").mockReturnValue(1);
    const t0 = Date.now();
    const { fetch, times } = recordingFetch(() => busy());
    const client = createConnectionsClient({
      baseUrl: "http://example.test",
      token: TOKEN,
      retries: 10,
      timeoutMs: 1500,
      fetch,
    });
    const pending = client.deleteConnection(NAMES);
    await vi.advanceTimersByTimeAsync(1500);
    expect(await pending).toMatchObject({ ok: false, kind: "http-error", status: 503 });
    // 200, 400, 800 fit in 1.5 s; the next wait (1600 ms) would not.
    expect(times.map((t) => t - t0)).toEqual([0, 200, 600, 1400]);
  });

  it("jitter keeps each wait between half and all of the doubled base", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    vi.spyOn(Math, "random").mockReturnValue(0);
    const t0 = Date.now();
    const { fetch, times } = recordingFetch((n) => (n < 2 ? busy() : new Response(DELETED_BODY)));
    const client = createConnectionsClient({ baseUrl: "http://example.test", token: TOKEN, retries: 2, fetch });
    const pending = client.deleteConnection(NAMES);
    await vi.advanceTimersByTimeAsync(300);
    expect(await pending).toMatchObject({ ok: true });
    expect(times.map((t) => t - t0)).toEqual([0, 100, 300]);
  });
});

describe("a retry that hears 'not found' says an earlier attempt may have deleted the connection", () => {
  const notFound = { error: "bad_request", error_description: "Connection (name: C) was not found!" };
  const statusNotFound = { status: "FAILURE", resultMessage: "Connection (name: C) was not found!" };
  const cases: [string, () => Response | Promise<Response>][] = [
    ["HTTP 502", () => jsonResponse(502, "bad gateway")],
    ["HTTP 503", () => jsonResponse(503, "busy")],
    ["HTTP 504", () => jsonResponse(504, "timeout")],
    ["a network error", () => Promise.reject(new TypeError("fetch failed"))],
  ];
  for (const [earlier, first] of cases) {
    for (const [envelope, body] of [
      ["success", notFound],
      ["status", statusNotFound],
    ] as const) {
      it(`first attempt ${earlier}, retry says not found (${envelope} envelope)`, async () => {
        const { fetch } = recordingFetch((n) => (n % 2 === 0 ? first() : jsonResponse(400, body)));
        const client = createConnectionsClient({ baseUrl: "http://example.test", token: TOKEN, retries: 1, fetch });
        const note = `(an earlier attempt of this call got ${earlier}; it may have deleted the connection)`;
        expect(await onFakeClock(() => client.deleteConnection(NAMES))).toMatchObject({
          ok: false,
          kind: "connection-not-found",
          envelope,
          earlierAttemptMayHaveDeleted: true,
          message: `Connection (name: C) was not found! ${note}`,
        });
        expect(await onFakeClock(() => client.deleteConnection(NAMES, { ignoreMissing: true }))).toMatchObject({
          ok: true,
          deleted: false,
          envelope,
          earlierAttemptMayHaveDeleted: true,
          message: expect.stringContaining(note),
        });
      });
    }
  }

  it("a first answer of 'not found' carries no such note", async () => {
    server.handler = (_req, res) => json(res, 400, notFound);
    const client = createConnectionsClient({ baseUrl: server.url, token: TOKEN, retries: 1 });
    const r = await client.deleteConnection(NAMES);
    expect(r).toMatchObject({ kind: "connection-not-found", message: notFound.error_description });
    expect("earlierAttemptMayHaveDeleted" in r).toBe(false);
  });

  it("a missing project after a retry is just a missing project (our DELETE cannot remove a project)", async () => {
    server.handler = (_req, res, i) =>
      i % 2 === 0
        ? json(res, 503, "busy")
        : json(res, 400, { status: "FAILURE", resultMessage: "Project (P) is not found!" });
    server.requests.length = 0;
    const client = createConnectionsClient({ baseUrl: server.url, token: TOKEN, retries: 1 });
    const r = await client.deleteConnection(NAMES, { ignoreMissing: true });
    expect(r).toMatchObject({ ok: false, kind: "project-not-found", message: "Project (P) is not found!" });
    expect("earlierAttemptMayHaveDeleted" in r).toBe(false);
  });
});
