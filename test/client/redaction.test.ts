// Issue 10 (3) for the client: a server that echoes the token in an encoded form (JSON-escaped,
// `=` as \u003d, percent-encoded, base64) or cut off at the body limit never gets it into a
// result — not into `body`, `message`, `data` or `error` (what `delete --json` prints).
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnectionsClient, type DeleteConnectionResult } from "../../src/client/index.js";
import { MAX_BODY_BYTES } from "../../src/rules/limits.js";
import { json, startServer, type TestServer } from "./server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

// Base64-looking, with `=` padding: the shape that a `\u003d` escape hides.
const TOKEN = "dG9rLXJlZGFjdC03ZjNlOWE=";
const NAMES = { projectName: "P", connectionName: "C" };

const jsonEscapeAll = (s: string) => [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");
const jsonEscapeEquals = (s: string) => s.replace(/=/g, "\\u003d");

/** Every form of the result a program or a person could see, with JSON escapes decoded. */
function views(r: DeleteConnectionResult): string[] {
  const dump = JSON.stringify(r);
  const body = r.ok ? "" : (r.body ?? "");
  const unescaped = (s: string) =>
    s.replace(/\\u([0-9a-fA-F]{4})/g, (_, h) => String.fromCharCode(Number.parseInt(h, 16)));
  return [
    dump,
    inspect(r, { depth: 10 }),
    body,
    unescaped(body),
    unescaped(dump),
    decodeURIComponent(body.replace(/%(?![0-9a-f]{2})/gi, "")),
  ];
}

async function echoed(status: number, text: string, ignoreMissing = false) {
  server.handler = (_req, res) => json(res, status, text);
  const client = createConnectionsClient({ baseUrl: server.url, token: TOKEN });
  return client.deleteConnection(NAMES, { ignoreMissing });
}

describe("an encoded echo of the token never reaches a result", () => {
  const forms: [string, string][] = [
    ["JSON-escaped, every character", jsonEscapeAll(TOKEN)],
    ["JSON-escaped '=' (\\u003d)", jsonEscapeEquals(TOKEN)],
    ["JSON-escaped first letter", `\\u0064${TOKEN.slice(1)}`],
    ["percent-encoded '='", TOKEN.replace(/=/g, "%3D")],
    ["base64 of the token", btoa(TOKEN)],
  ];
  const bodies: [string, number, (echo: string) => string][] = [
    ["401 success envelope", 401, (e) => `{"error":"unauthorized_client","error_description":"Invalid token ${e}"}`],
    ["401 status envelope", 401, (e) => `{"status":"FAILURE","resultMessage":"Token is not valid! ${e}"}`],
    ["400 not found", 400, (e) => `{"status":"FAILURE","resultMessage":"Connection (name: C) was not found! ${e}"}`],
    ["200 deleted", 200, (e) => `{"status":"SUCCESS","deploymentResult":{"success":true,"detail":"${e}"}}`],
    ["200 unexpected", 200, (e) => `{"status":"FAILURE","resultMessage":"${e}"}`],
    ["500 status envelope", 500, (e) => `{"status":"FAILURE","resultMessage":"${e}"}`],
    ["502 HTML", 502, (e) => `<html>${e}</html>`],
  ];
  for (const [form, echo] of forms) {
    for (const [label, status, body] of bodies) {
      it(`${form}, in a ${label}`, async () => {
        for (const ignoreMissing of [false, true]) {
          const r = await echoed(status, body(echo), ignoreMissing);
          for (const view of views(r)) expect(view).not.toContain(TOKEN);
          for (const view of views(r)) expect(view).not.toContain(echo);
          expect(JSON.stringify(r)).toContain("[REDACTED]");
        }
      });
    }
  }

  it("the kind and the rest of the message survive the redaction", async () => {
    const r = await echoed(
      400,
      `{"status":"FAILURE","resultMessage":"Connection (name: ${jsonEscapeAll(TOKEN)}) was not found!"}`,
    );
    expect(r).toMatchObject({ kind: "connection-not-found", message: "Connection (name: [REDACTED]) was not found!" });
  });
});

describe("a body cut at the 1 MiB limit leaves no beginning of the token at the cut", () => {
  for (const before of [1, 5, 10, TOKEN.length - 1]) {
    it(`token starting ${before} bytes before the limit`, async () => {
      const pad = "x".repeat(MAX_BODY_BYTES - before);
      server.handler = (_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(`${pad}${TOKEN}${"y".repeat(1000)}`);
      };
      const r = await createConnectionsClient({ baseUrl: server.url, token: TOKEN }).deleteConnection(NAMES);
      expect(r).toMatchObject({ ok: false, kind: "unexpected-response", status: 200 });
      const body = r.ok ? "" : (r.body ?? "");
      for (let k = 1; k <= TOKEN.length; k++) expect(body.endsWith(TOKEN.slice(0, k)), `prefix ${k}`).toBe(false);
      expect(body.length).toBeGreaterThan(MAX_BODY_BYTES - 100_000);
    });
  }
});
