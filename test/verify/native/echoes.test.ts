// Issue 10, input 3: a server that echoes the Authorization header back, in any encoding, must
// not make verify show the token anywhere: the live lines, the verdicts, the final report, the
// JUnit text, the report as JSON, and the native verifier's own output at its most verbose
// (`nativeLog: "debug"`). Redaction happens at the source, before decompressing, parsing,
// escaping or cutting. Each case runs verify against the stand-in behind a front that echoes.
import { deflateSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { REDACTED, redactor } from "../../../src/rules/secrets.js";
import { replyOf } from "../../../src/verify/native/forward.js";
import { createSender } from "../../../src/verify/server/http.js";
import { closeAfterTest } from "../../support/lifecycle.js";
import { type Echo, json, runEchoing, u, withSuccess } from "../support/echo.js";
import { distinctiveToken, expectNoToken } from "../support/secrets.js";
import { type FrontContext, startServer, type Upstream } from "../support/servers.js";

const onDelete = (ctx: FrontContext) => ctx.request.method === "DELETE";

/** Echoes of the verified DELETE's answers: what the native verifier sees and prints. */
const deleteEchoes: { name: string; token?: string; echo: Echo }[] = [
  // The issue's inputs.
  {
    name: "gzip-compressed body",
    echo: (auth, up) => ({
      status: up.status,
      headers: { ...json, "content-encoding": "gzip" },
      body: gzipSync(withSuccess(auth, up)),
    }),
  },
  {
    name: "JSON-escaped (\\u0042\\u0065…)",
    echo: (auth, up) => ({
      status: up.status,
      headers: json,
      body: withSuccess("PLACEHOLDER", up).replaceAll('"PLACEHOLDER"', `"${u(auth)}"`),
    }),
  },
  {
    name: "= as \\u003d",
    token: distinctiveToken("=="),
    echo: (auth, up) => ({
      status: up.status,
      headers: json,
      body: withSuccess(auth, up).replaceAll("=", "\\u003d"),
    }),
  },
  {
    name: "base64",
    echo: (auth, up) => ({
      status: up.status,
      headers: json,
      body: withSuccess(Buffer.from(`seen: ${auth}`).toString("base64"), up),
    }),
  },
  {
    name: "after 100 characters",
    echo: (auth, up) => ({ status: up.status, headers: json, body: withSuccess(`${"x".repeat(100)}${auth}`, up) }),
  },
  {
    name: "in a header",
    echo: (auth, up) => ({
      status: up.status,
      headers: { ...up.headers, "x-echo": auth, "www-authenticate": `Bearer error="invalid_token", seen="${auth}"` },
      body: up.body,
    }),
  },
  {
    name: 'a token with &<>"',
    token: distinctiveToken('&<>"'),
    echo: (auth, up) => ({ status: up.status, headers: json, body: withSuccess(auth, up) }),
  },
  // Variants of the same kind.
  {
    name: "deflate-compressed body",
    echo: (auth, up) => ({
      status: up.status,
      headers: { ...json, "content-encoding": "deflate" },
      body: deflateSync(withSuccess(auth, up)),
    }),
  },
  {
    name: "percent-encoded",
    echo: (auth, up) => ({ status: up.status, headers: json, body: withSuccess(encodeURIComponent(auth), up) }),
  },
  {
    name: "hex",
    echo: (auth, up) => ({
      status: up.status,
      headers: json,
      body: withSuccess(Buffer.from(auth).toString("hex"), up),
    }),
  },
  {
    name: "XML character references in an XML body",
    echo: (auth) => ({
      status: 200,
      headers: { "content-type": "application/xml" },
      body: `<result><seen>${[...auth].map((c) => `&#${c.charCodeAt(0)};`).join("")}</seen></result>`,
    }),
  },
  {
    name: "JSON-escaped twice (\\\\u0042…)",
    echo: (auth, up) => ({
      status: up.status,
      headers: json,
      body: withSuccess("PLACEHOLDER", up).replaceAll('"PLACEHOLDER"', `"${u(auth).replaceAll("\\", "\\\\")}"`),
    }),
  },
  {
    name: 'a token with &<>" echoed XML-escaped',
    token: distinctiveToken('&<>"'),
    echo: (auth, up) => ({
      status: up.status,
      headers: json,
      body: withSuccess(
        auth.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;"),
        up,
      ),
    }),
  },
  {
    name: "in a header's name",
    token: distinctiveToken().toLowerCase(), // header names arrive lower-cased
    echo: (auth, up) => ({
      status: up.status,
      headers: { ...up.headers, [`x-seen-${auth.replace(/^Bearer /, "")}`]: "1" },
      body: up.body,
    }),
  },
  {
    name: "in the Location of a redirect",
    echo: (auth) => ({
      status: 302,
      headers: { location: `http://127.0.0.1:9/?seen=${encodeURIComponent(auth)}` },
      body: "",
    }),
  },
];

// Each case has its own servers and run: they run side by side.
describe.concurrent("an echo of the token in the answer to the verified DELETE", () => {
  it.each(deleteEchoes)(
    "$name: no form of the token is shown anywhere",
    async ({ name, token = distinctiveToken(), echo }) => {
      const r = await runEchoing(token, onDelete, echo);
      expectNoToken(token, r.texts);
      // The echo reached verify and was replaced — or, in a header's name, the header was dropped.
      if (!name.includes("header's name")) expect(Object.values(r.texts).join("\n")).toContain(REDACTED);
      expect(r.leftOnServer).toBe(0);
    },
  );
});

describe("the answer the native verifier is given", () => {
  // Its output is redacted again in the parent, but only by exact match on pieces of a stream:
  // what it is given must already hold no form of the token (redaction at the source).
  const upstream: Upstream = {
    status: 200,
    headers: json,
    body: Buffer.from('{"success":true,"deploymentResult":{"success":true}}'),
  };
  const cases = deleteEchoes.map((c) => ({ ...c, known: c.name === "in a header's name" }));
  it.each(cases.filter((c) => !c.known))("$name: already redacted", async ({ token = distinctiveToken(), echo }) => {
    const server = await startServer((request, res) => {
      const a = echo(request.headers.authorization ?? "", upstream);
      const body = typeof a.body === "string" ? Buffer.from(a.body) : a.body;
      res.writeHead(a.status, { ...a.headers, "content-length": body.length });
      res.end(body);
    });
    closeAfterTest(server);
    const answer = await createSender({ timeoutMs: 5_000 }).send({
      method: "DELETE",
      url: `${server.url}/apiops/projects/P/connections/c/`,
      headers: { authorization: `Bearer ${token}` },
    });
    const reply = replyOf(answer, redactor([token]));
    expectNoToken(token, { body: reply.body.toString(), headers: JSON.stringify(reply.headers) });
  });

  // A header whose name carries the token (lower-cased, as names arrive) is not passed at all:
  // only standard headers reach the native verifier.
  it("in a header's name: the header is not passed", async () => {
    const token = distinctiveToken().toLowerCase();
    const server = await startServer((_r, res) => {
      res.writeHead(200, { ...json, [`x-seen-${token}`]: "1" });
      res.end("{}");
    });
    closeAfterTest(server);
    const answer = await createSender({ timeoutMs: 5_000 }).send({ method: "DELETE", url: server.url });
    const reply = replyOf(answer, redactor([token]));
    expectNoToken(token, { headers: JSON.stringify(reply.headers) });
  });
});

describe("an echo of the token in a header's name", () => {
  // Header names arrive lower-cased (HTTP names are case-insensitive): a token with capitals then
  // appears in a form that an exact-match redaction does not recognise.
  // Only standard headers reach the native verifier, so the lower-cased form never gets there.
  it("a mixed-case token: neither it nor its lower-cased form is shown", async () => {
    const token = `MiXeD${distinctiveToken()}`;
    const r = await runEchoing(token, onDelete, (auth, up) => ({
      status: up.status,
      headers: { ...up.headers, [`x-seen-${auth.replace(/^Bearer /, "")}`]: "1" },
      body: up.body,
    }));
    expectNoToken(token, r.texts);
    expectNoToken(token.toLowerCase(), r.texts);
  });
});
