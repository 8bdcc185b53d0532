import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ConnectionsClientOptions, createConnectionsClient } from "../../src/client/index.js";
import { DELETED_BODY, json, startServer, type TestServer } from "./server.js";

const TOKEN = "s3cr3t-T0KEN-a9f1b2c3d4";
let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

function creationError(options: unknown): Error {
  try {
    createConnectionsClient(options as ConnectionsClientOptions);
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected createConnectionsClient to throw");
}

describe("unusable options throw at creation (and the message never holds the token)", () => {
  const base = { baseUrl: "https://demo.apinizer.com", token: TOKEN };
  const cases: [string, unknown, RegExp][] = [
    ["no options", undefined, /options must be an object/],
    ["no token", { baseUrl: base.baseUrl }, /token must be a non-empty string/],
    ["empty token", { ...base, token: "" }, /token must be a non-empty string/],
    ["token with CR/LF", { ...base, token: `${TOKEN}\r\nX-Injected: 1` }, /CR or LF/],
    ["token with a space", { ...base, token: `${TOKEN} x` }, /visible ASCII/],
    ["token with non-ASCII", { ...base, token: `${TOKEN}é` }, /visible ASCII/],
    ["token with NUL", { ...base, token: `${TOKEN}\u0000` }, /visible ASCII/],
    ["token not a string", { ...base, token: 12345 }, /token must be a non-empty string/],
    ["no base URL", { token: TOKEN }, /baseUrl must be a non-empty URL/],
    ["base URL without a scheme", { ...base, baseUrl: "demo.apinizer.com" }, /has no scheme/],
    ["base URL not a URL", { ...base, baseUrl: "https://" }, /not a valid URL/],
    ["ftp base URL", { ...base, baseUrl: "ftp://demo.apinizer.com" }, /must be an http:\/\/ or https:\/\/ URL/],
    ["file base URL", { ...base, baseUrl: "file:///etc" }, /http:\/\/ or https:\/\//],
    ["javascript base URL", { ...base, baseUrl: "javascript:alert(1)" }, /http:\/\/ or https:\/\//],
    [
      "base URL ending in /apiops",
      { ...base, baseUrl: "https://demo.apinizer.com/apiops/" },
      /must not end in \/apiops/,
    ],
    ["base URL with credentials", { ...base, baseUrl: "https://u:p@demo.apinizer.com" }, /credentials/],
    ["base URL with a query", { ...base, baseUrl: "https://demo.apinizer.com/?x=1" }, /query/],
    ["base URL with a fragment", { ...base, baseUrl: "https://demo.apinizer.com/#x" }, /fragment/],
    ["timeoutMs 0", { ...base, timeoutMs: 0 }, /timeoutMs/],
    ["timeoutMs negative", { ...base, timeoutMs: -1 }, /timeoutMs/],
    ["timeoutUnit not ms or s", { ...base, timeoutUnit: "min" as never }, /timeoutUnit must be "ms" or "s"/],
    ["timeoutMs NaN", { ...base, timeoutMs: Number.NaN }, /timeoutMs/],
    ["timeoutMs Infinity", { ...base, timeoutMs: Number.POSITIVE_INFINITY }, /timeoutMs/],
    ["timeoutMs string", { ...base, timeoutMs: "1000" }, /timeoutMs/],
    ["retries negative", { ...base, retries: -1 }, /retries/],
    ["retries fractional", { ...base, retries: 1.5 }, /retries/],
    ["retries too many", { ...base, retries: 11 }, /retries/],
    ["fetch not a function", { ...base, fetch: "fetch" }, /fetch must be a function/],
    ["headers set Authorization", { ...base, headers: { authorization: "Basic x" } }, /must not set Authorization/],
    [
      "headers set AUTHORIZATION",
      { ...base, headers: { AUTHORIZATION: "Bearer other" } },
      /must not set Authorization/,
    ],
    ["header value with CRLF", { ...base, headers: { "X-Trace": "a\r\nX-Evil: 1" } }, /X-Trace/],
    ["header name invalid", { ...base, headers: { "Bad Name": "1" } }, /not a valid header name/],
    ["headers not an object", { ...base, headers: "x" }, /headers must be an object/],
  ];
  for (const [label, options, message] of cases) {
    it(label, () => {
      const error = creationError(options);
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toMatch(message);
      expect(error.message).not.toContain(TOKEN);
      expect(inspect(error)).not.toContain(TOKEN);
    });
  }

  // Issue 10: a token pasted into baseUrl by mistake came back as the URL's "protocol" (lower-cased).
  it.each([
    ["the token alone", TOKEN],
    ["the token as a scheme", `${TOKEN}:443`],
    ["the token before ://", `${TOKEN}://demo.apinizer.com`],
    ["a Bearer header", `Bearer ${TOKEN}`],
    ["the token as a password", `https://user:${TOKEN}@demo.apinizer.com`],
    ["the token in a query", `https://demo.apinizer.com/?token=${TOKEN}`],
    ["the token as a fragment", `https://demo.apinizer.com/#${TOKEN}`],
    ["an ftp URL holding it", `ftp://${TOKEN}.example`],
  ])("a secret pasted into baseUrl (%s) is refused and never echoed, in any letter case", (_label, baseUrl) => {
    const error = creationError({ ...base, token: "other-token", baseUrl });
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toMatch(/^createConnectionsClient: baseUrl /);
    expect(error.message.toLowerCase()).not.toContain(TOKEN.toLowerCase());
    expect(error.message.toLowerCase()).not.toContain("s3cr3t");
  });

  it("a header value is not repeated in the error (it may be a secret too)", () => {
    expect(creationError({ ...base, headers: { "X-Api-Key": "other-secret\n" } }).message).not.toContain(
      "other-secret",
    );
  });

  it("good options are accepted, base URL normalised", () => {
    const c = createConnectionsClient({
      ...base,
      baseUrl: "https://demo.apinizer.com/",
      timeoutMs: 1,
      retries: 10,
      headers: { "X-Trace": "1" },
    });
    expect(c.baseUrl).toBe("https://demo.apinizer.com");
    expect(c.retries).toBe(10);
    const defaults = createConnectionsClient({
      ...base,
      timeoutMs: undefined,
      retries: undefined,
      fetch: undefined,
      headers: undefined,
    });
    expect([defaults.timeoutMs, defaults.retries]).toEqual([30_000, 0]);
  });
});

describe("the token goes only into the Authorization header", () => {
  it("sent as Bearer, not in the URL, extra headers kept", async () => {
    server.handler = (_req, res) => json(res, 200, DELETED_BODY);
    const client = createConnectionsClient({ baseUrl: server.url, token: TOKEN, headers: { "X-Trace": "abc" } });
    await client.deleteConnection({ projectName: "P", connectionName: "C" });
    const req = server.requests.at(-1);
    expect(req?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req?.headers["x-trace"]).toBe("abc");
    expect(req?.url).not.toContain(TOKEN);
    const otherHeaders = Object.entries(req?.headers ?? {}).filter(([k]) => k !== "authorization");
    expect(JSON.stringify(otherHeaders)).not.toContain(TOKEN);
  });

  it("the raw openapi-fetch client is typed, authenticated, and does not follow redirects", async () => {
    server.handler = (_req, res) => json(res, 200, DELETED_BODY);
    const client = createConnectionsClient({ baseUrl: server.url, token: TOKEN });
    const { data, response } = await client.raw.DELETE("/apiops/projects/{projectName}/connections/{connectionName}/", {
      params: { path: { projectName: "P", connectionName: "C" } },
    });
    expect(response.status).toBe(200);
    expect(data).toEqual(JSON.parse(DELETED_BODY));
    expect(server.requests.at(-1)?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    server.handler = (_req, res) => res.writeHead(302, { location: "/elsewhere/" }).end();
    const redirected = await client.raw.DELETE("/apiops/projects/{projectName}/connections/{connectionName}/", {
      params: { path: { projectName: "P", connectionName: "C" } },
    });
    expect(redirected.response.status).toBe(302);
  });
});

describe("the token never shows up in what the client hands out", () => {
  it("not in util.inspect, JSON.stringify, String() or the keys of the client", () => {
    const client = createConnectionsClient({ baseUrl: server.url, token: TOKEN, headers: { "X-Trace": "1" } });
    expect(inspect(client, { depth: 10, showHidden: true })).not.toContain(TOKEN);
    expect(JSON.stringify(client)).not.toContain(TOKEN);
    expect(String(client)).not.toContain(TOKEN);
    expect(inspect(client.raw, { depth: 10, showHidden: true })).not.toContain(TOKEN);
    expect(JSON.stringify(client)).toContain("[REDACTED]");
  });

  it("not in a result when the server echoes it (raw body, message, data)", async () => {
    const echo = `Invalid token ${TOKEN} (Bearer ${TOKEN})`;
    const client = createConnectionsClient({ baseUrl: server.url, token: TOKEN });
    const bodies: [number, unknown][] = [
      [401, { error: "unauthorized_client", error_description: echo }],
      [400, { error: "bad_request", error_description: `Connection (name: C) was not found! ${TOKEN}` }],
      [404, { error: "not_found", error_description: echo }],
      [200, { success: true, deploymentResult: { success: true, token: TOKEN, nested: [{ t: `x${TOKEN}` }] } }],
      [500, `<html>${TOKEN}</html>`],
      [200, `{"success":true,"deploymentResult":{"success":true,"escaped":"${TOKEN.replace("T", "\\u0054")}"}}`],
      [302, ""],
    ];
    for (const [status, body] of bodies) {
      server.handler = (_req, res) => json(res, status, body, status === 302 ? { location: `/x?token=${TOKEN}` } : {});
      for (const ignoreMissing of [false, true]) {
        const r = await client.deleteConnection({ projectName: "P", connectionName: "C" }, { ignoreMissing });
        const dump = `${JSON.stringify(r)} ${inspect(r, { depth: 10 })}`;
        expect(dump, `status ${status}`).not.toContain(TOKEN);
      }
    }
  });

  it("the kind is still right when the server echoes the token", async () => {
    server.handler = (_req, res) =>
      json(res, 400, { error: "bad_request", error_description: `Connection (name: ${TOKEN}) was not found!` });
    const client = createConnectionsClient({ baseUrl: server.url, token: TOKEN });
    const r = await client.deleteConnection({ projectName: "P", connectionName: "C" });
    expect(r).toMatchObject({ kind: "connection-not-found", message: "Connection (name: [REDACTED]) was not found!" });
  });

  it("not in a network error message (a custom fetch whose error holds the token)", async () => {
    const client = createConnectionsClient({
      baseUrl: server.url,
      token: TOKEN,
      fetch: async (_url, init) => {
        throw new Error(`failed with ${new Headers(init?.headers).get("authorization")}`, { cause: new Error(TOKEN) });
      },
    });
    const r = await client.deleteConnection({ projectName: "P", connectionName: "C" });
    expect(r).toMatchObject({ kind: "network" });
    expect(JSON.stringify(r)).not.toContain(TOKEN);
    expect(JSON.stringify(r)).toContain("[REDACTED]");
  });
});
