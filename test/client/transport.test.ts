// What the network delivers after the request went out (issue 16 item 5): an answer Node's
// fetch cannot read is "may or may not have been deleted", never a plain network error; a
// kept-alive connection closed before any answer is sent again once; a deletion is a deletion
// however deeply its extra fields nest. Faults come from a node:net server (test/support/raw-http.ts).
import { describe, expect, it } from "vitest";
import {
  type Connection,
  createConnectionsClient,
  type DeleteConnectionResult,
  type FetchFunction,
} from "../../src/client/index.js";
import { redactDeep } from "../../src/rules/secrets.js";
import { closeAfterTest } from "../support/lifecycle.js";
import { closedPort } from "../support/net.js";
import { answer, nextTurn, type RawHandler, type RawServer, startRawServer } from "../support/raw-http.js";

const TOKEN = "tok-transport-5c1d";
const NAMES = { projectName: "P", connectionName: "C" };
const DELETED = '{"success":true,"deploymentResult":{"success":true}}';
const NOT_FOUND = '{"error":"bad_request","error_description":"Connection (name: C) was not found!"}';
const MAYBE = /the connection may or may not have been deleted/;

async function serverOf(handler: RawHandler): Promise<RawServer> {
  return closeAfterTest(await startRawServer(handler));
}

const viaGlobal: FetchFunction = (input, init) => fetch(input, init);

function expectMaybe(r: DeleteConnectionResult, said: RegExp): void {
  expect(r).toMatchObject({ ok: false, kind: "network", mayHaveDeleted: true });
  expect(r.ok === false && r.message).toMatch(MAYBE);
  expect(r.ok === false && r.message).toMatch(said);
  expect(JSON.stringify(r)).not.toContain(TOKEN);
}

/** 64 KiB of Set-Cookie headers, as a gateway in front of the console may add. */
const COOKIES = Object.fromEntries(
  Array.from({ length: 64 }, (_, i) => [`set-cookie-${i}`, `c${i}=${"v".repeat(1000)}; Path=/; HttpOnly`]),
);

const unreadable: [string, RawHandler, RegExp][] = [
  [
    "an unsolicited interim 100 Continue before the 200 of a delete that happened",
    (socket) => socket.write(`HTTP/1.1 100 Continue\r\n\r\n${answer(200, DELETED)}`),
    /100 Continue/,
  ],
  [
    "an interim 100 Continue before a 400",
    (socket) => socket.write(`HTTP/1.1 100 Continue\r\n\r\n${answer(400, NOT_FOUND)}`),
    /100 Continue/,
  ],
  ["64 KiB of response headers (cookies a gateway added)", (s) => s.write(answer(200, DELETED, COOKIES)), /headers/],
  [
    "a gzip body that is not gzip",
    (socket) => socket.write(answer(200, "this is not gzip at all", { "content-encoding": "gzip" })),
    /HTTP 200, but its body could not be read/,
  ],
  [
    "a body shorter than its Content-Length, then the connection closes",
    (socket) => {
      socket.write(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"success":tr`);
      socket.end();
    },
    /HTTP 200, but its body could not be read/,
  ],
  ["an answer that is not HTTP", (socket) => socket.write("SMTP ready\r\n\r\n"), /the request was sent/],
];

describe("an answer that arrives but cannot be read -> network, may or may not have been deleted", () => {
  for (const [name, handler, said] of unreadable) {
    it(name, async () => {
      const s = await serverOf(handler);
      const r = await createConnectionsClient({ baseUrl: s.url, token: TOKEN, timeoutMs: 5000 }).deleteConnection(
        NAMES,
      );
      expectMaybe(r, said);
    });

    it(`${name}, through a custom fetch`, async () => {
      const s = await serverOf(handler);
      const client = createConnectionsClient({ baseUrl: s.url, token: TOKEN, timeoutMs: 5000, fetch: viaGlobal });
      expectMaybe(await client.deleteConnection(NAMES), said);
    });
  }

  it("a fresh connection closed after the request, before any answer: may or may not", async () => {
    const s = await serverOf((socket) => socket.end());
    const r = await createConnectionsClient({ baseUrl: s.url, token: TOKEN }).deleteConnection(NAMES);
    expectMaybe(r, /closed before an answer/);
  });

  it("a refused connection was never sent: a plain network failure, without mayHaveDeleted", async () => {
    const baseUrl = `http://127.0.0.1:${await closedPort()}`;
    const r = await createConnectionsClient({ baseUrl, token: TOKEN }).deleteConnection(NAMES);
    expect(r).toMatchObject({ ok: false, kind: "network" });
    expect(r).not.toHaveProperty("mayHaveDeleted");
    expect(r.ok === false && r.message).not.toMatch(MAYBE);
  });

  it("refused after an attempt that got a 503: the earlier attempt may have deleted", async () => {
    let calls = 0;
    const client = createConnectionsClient({
      baseUrl: "http://example.test",
      token: TOKEN,
      retries: 1,
      fetch: async () => {
        calls += 1;
        if (calls === 1) return new Response("busy", { status: 503, headers: { "retry-after": "0" } });
        throw new TypeError("fetch failed", {
          cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
        });
      },
    });
    const r = await client.deleteConnection(NAMES);
    expect(r).toMatchObject({ ok: false, kind: "network", mayHaveDeleted: true });
    expect(r.ok === false && r.message).toMatch(/an earlier attempt of this call got HTTP 503; it may have deleted/);
  });
});

describe("a kept-alive connection closed before any byte of the answer -> sent again once, on a new connection", () => {
  /** Answers `first` on the first request of each connection; a reused connection's request is closed unanswered. */
  const closesReused =
    (first: string): RawHandler =>
    (socket, request) =>
      request.onConnection === 0 ? socket.write(first) : socket.end();

  it("the second delete goes out on the kept-alive connection, which the server closes: sent again, deleted", async () => {
    const s = await serverOf(closesReused(answer(200, DELETED)));
    const client = createConnectionsClient({ baseUrl: s.url, token: TOKEN });
    expect(await client.deleteConnection(NAMES)).toMatchObject({ ok: true, deleted: true });
    await nextTurn();
    const r = await client.deleteConnection({ ...NAMES, connectionName: "D" });
    expect(r).toMatchObject({ ok: true, deleted: true });
    // Request 2 reached the reused connection and was closed; its resend came on a new one.
    expect(s.received.map((q) => [q.connection, q.onConnection])).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
    ]);
    expect(s.received.map((q) => q.target)).toEqual([
      "/apiops/projects/P/connections/C/",
      "/apiops/projects/P/connections/D/",
      "/apiops/projects/P/connections/D/",
    ]);
  });

  it("a not found after the resend says the first sending may have deleted it", async () => {
    let n = 0;
    const s = await serverOf((socket, request) => {
      n += 1;
      if (request.onConnection > 0) socket.end();
      else socket.write(n === 1 ? answer(200, DELETED) : answer(400, NOT_FOUND));
    });
    const client = createConnectionsClient({ baseUrl: s.url, token: TOKEN });
    await client.deleteConnection(NAMES);
    await nextTurn();
    const r = await client.deleteConnection(NAMES);
    expect(r).toMatchObject({ ok: false, kind: "connection-not-found", earlierAttemptMayHaveDeleted: true });
  });

  it("only once: a server that closes every connection unanswered gets two requests, not more", async () => {
    const s = await serverOf((socket) => socket.end());
    const r = await createConnectionsClient({ baseUrl: s.url, token: TOKEN }).deleteConnection(NAMES);
    expectMaybe(r, /closed before an answer/);
    expect(s.received).toHaveLength(2);
  });

  it("a reset (ECONNRESET) on the reused connection is sent again too", async () => {
    const s = await serverOf((socket, request) =>
      request.onConnection === 0 ? socket.write(answer(200, DELETED)) : socket.resetAndDestroy(),
    );
    const client = createConnectionsClient({ baseUrl: s.url, token: TOKEN });
    await client.deleteConnection(NAMES);
    await nextTurn();
    expect(await client.deleteConnection(NAMES)).toMatchObject({ ok: true, deleted: true });
    expect(s.received).toHaveLength(3);
  });

  it("a Create is never sent again (a POST sent twice could create twice); a Get is", async () => {
    const s = await serverOf(closesReused(answer(200, DELETED)));
    const client = createConnectionsClient({ baseUrl: s.url, token: TOKEN });
    const definition: Connection = { type: "email", name: "C", host: "smtp.example.com", port: 587 };
    await client.deleteConnection(NAMES);
    await nextTurn();
    const created = await client.createConnection(NAMES, definition);
    expect(created).toMatchObject({ ok: false, kind: "network" });
    expect(created.ok ? "" : created.message).toMatch(/may or may not have been created/);
    await client.getConnection(NAMES);
    await nextTurn();
    await client.getConnection(NAMES);
    expect(s.received.map((q) => [q.method, q.connection, q.onConnection])).toEqual([
      ["DELETE", 0, 0],
      ["POST", 0, 1],
      ["GET", 1, 0],
      ["GET", 1, 1],
      ["GET", 2, 0],
    ]);
  });

  it("an answer that began and broke off is not sent again (the server answered)", async () => {
    const s = await serverOf((socket) => {
      socket.write(`HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{"succ`);
      socket.end();
    });
    const r = await createConnectionsClient({ baseUrl: s.url, token: TOKEN }).deleteConnection(NAMES);
    expectMaybe(r, /body could not be read/);
    expect(s.received).toHaveLength(1);
  });
});

describe("a deletion is a deletion however deeply its extra fields nest (no recursion over the server's depth)", () => {
  const DEPTH = 200_000; // 400 KB of brackets: under the 1 MiB limit, far past any call stack
  const deep = `${"[".repeat(DEPTH)}${"]".repeat(DEPTH)}`;
  const deepObject = `${'{"a":'.repeat(DEPTH / 4)}1${"}".repeat(DEPTH / 4)}`;
  const bodies: [string, string, string][] = [
    ["success envelope, a deep array", "success", `{"success":true,"deploymentResult":{"success":true},"x":${deep}}`],
    [
      "success envelope, deep inside deploymentResult, with an escape (the redaction walk)",
      "success",
      `{"success":true,"deploymentResult":{"success":true,"detailList":${deep}},"note":"caf\\u00e9"}`,
    ],
    ["status envelope, a deep object", "status", `{"status":"SUCCESS","resultMessage":"ok","extra":${deepObject}}`],
    [
      "status envelope, deep, with a field to redact",
      "status",
      `{"status":"SUCCESS","deploymentResult":{"success":true,"responseTime":3},"x":${deep},"echo":"%41 ${TOKEN}"}`,
    ],
  ];
  // Two of the bodies need rules/secrets.ts's redactDeep (an escape or a field to redact), which is
  // helper envelope's to make non-recursive (issue 16): until that lands they say so and skip.
  const redactionRecurses = (() => {
    try {
      redactDeep(JSON.parse(deep), (t) => t);
      return false;
    } catch {
      return true;
    }
  })();
  for (const [name, envelope, body] of bodies) {
    const pending = redactionRecurses && /\\|%/.test(body);
    const title = pending ? `${name} (skipped: rules/secrets.ts redactDeep still recurses)` : name;
    it.skipIf(pending)(title, async () => {
      const s = await serverOf((socket) => socket.write(answer(200, body)));
      const r = await createConnectionsClient({ baseUrl: s.url, token: TOKEN }).deleteConnection(NAMES);
      expect(r).toMatchObject({ ok: true, status: 200, deleted: true, envelope });
    });
  }
});
