// `apinizer-connections delete`, run in-process against a recording HTTP server: each outcome of
// the client has its own exit code and line, the same in --json, and the token never shows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELETE_EXIT_CODES } from "../../src/cli/delete-spec.js";
import { main } from "../../src/cli/index.js";
import { CONNECTION_ERROR_KINDS } from "../../src/client/index.js";
import { DELETED_BODY, type Handler, json, startServer, type TestServer } from "../client/server.js";
import { captureIo, cliRecorded } from "../support/io.js";

const TOKEN = "cli-secret-token-0b5e9d";
let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

/** `delete ...` against the recording server, answering with `handler` when given. */
function cli(argv: string[], env: Record<string, string | undefined> = {}, handler?: Handler) {
  if (handler) server.handler = handler;
  return cliRecorded(server, argv, { APINIZER_BASE_URL: server.url, APINIZER_TOKEN: TOKEN, ...env });
}

const BASE = ["delete", "--project", "My Project", "--connection", "my-email-connection"];
const notFound: Handler = (_q, res) =>
  json(res, 400, { error: "bad_request", error_description: "Connection (name: my-email-connection) was not found!" });

describe("apinizer-connections delete", () => {
  it("deletes: one line on stdout, exit 0, token from APINIZER_TOKEN only in the header", async () => {
    const r = await cli(BASE, {}, (_q, res) => json(res, 200, DELETED_BODY));
    expect(r.code).toBe(0);
    expect(r.out).toBe('Deleted connection "my-email-connection" in project "My Project".\n');
    expect(r.err).toBe("");
    expect(r.requests.map((q) => [q.method, q.url, q.headers.authorization])).toEqual([
      ["DELETE", "/apiops/projects/My%20Project/connections/my-email-connection/", `Bearer ${TOKEN}`],
    ]);
  });

  it("--base-url wins over APINIZER_BASE_URL", async () => {
    const r = await cli(
      [...BASE, "--base-url", `${server.url}/gw`],
      { APINIZER_BASE_URL: "http://127.0.0.1:1" },
      (_q, res) => json(res, 200, DELETED_BODY),
    );
    expect(r.code).toBe(0);
    expect(r.requests[0]?.url).toBe("/gw/apiops/projects/My%20Project/connections/my-email-connection/");
  });

  it('a 200 whose envelope says "not done" is no deletion: exit 4 (bad-request), or as its message says', async () => {
    const refused = await cli(BASE, {}, (_q, res) => json(res, 200, { status: "FAILURE", resultMessage: null }));
    expect(refused.code).toBe(4);
    expect(refused.err).toMatch(
      /^apinizer-connections delete: error: bad-request \(HTTP 200\): HTTP 200 with "status": "FAILURE": the server did not/,
    );
    const falsy = await cli(BASE, {}, (_q, res) =>
      json(res, 200, { success: false, deploymentResult: { success: true } }),
    );
    expect(falsy.code).toBe(4);
    const missing = { status: "FAILURE", resultMessage: "Connection (name: my-email-connection) was not found!" };
    expect((await cli(BASE, {}, (_q, res) => json(res, 200, missing))).code).toBe(3);
    expect((await cli([...BASE, "--ignore-missing"], {}, (_q, res) => json(res, 200, missing))).code).toBe(0);
  });

  it("Java-style nulls: a deletion exits 0, a missing connection 3 (0 with --ignore-missing), a missing project 6", async () => {
    const deleted = await cli(BASE, {}, (_q, res) => json(res, 200, { status: "SUCCESS", deploymentResult: null }));
    expect(deleted.code).toBe(0);
    const notFoundNulls = {
      error: "bad_request",
      error_description: "Connection (name: my-email-connection) was not found!",
      resultMessage: null,
    };
    expect((await cli(BASE, {}, (_q, res) => json(res, 400, notFoundNulls))).code).toBe(3);
    expect((await cli([...BASE, "--ignore-missing"], {}, (_q, res) => json(res, 400, notFoundNulls))).code).toBe(0);
    const project = { error: "not_found", error_description: "Project 'My Project' not found", resultMessage: null };
    expect((await cli(BASE, {}, (_q, res) => json(res, 404, project))).code).toBe(6);
    const projectStatus = { status: "FAILURE", resultMessage: "Project (My Project) is not found!", resultList: null };
    expect((await cli(BASE, {}, (_q, res) => json(res, 400, projectStatus))).code).toBe(6);
  });

  it("deploymentResult.success false: exit 0 but a warning on stderr", async () => {
    const r = await cli(BASE, {}, (_q, res) => json(res, 200, { success: true, deploymentResult: { success: false } }));
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^apinizer-connections delete: warning: .*deploymentResult\.success: false/);
  });

  it("not found: exit 3 with the server's message; --ignore-missing makes it exit 0", async () => {
    const r = await cli(BASE, {}, notFound);
    expect(r.code).toBe(3);
    expect(r.err).toBe(
      "apinizer-connections delete: error: connection-not-found (HTTP 400): Connection (name: my-email-connection) was not found! (use --ignore-missing to treat this as done)\n",
    );
    const ignored = await cli([...BASE, "--ignore-missing"], {}, notFound);
    expect(ignored.code).toBe(0);
    expect(ignored.out).toMatch(/^Nothing to delete: .* does not exist/);
  });

  const outcomes: [string, Handler, number][] = [
    [
      "bad-request",
      (_q, res) => json(res, 400, { error: "bad_request", error_description: "Connection name is empty" }),
      4,
    ],
    [
      "unauthorized",
      (_q, res) => json(res, 401, { error: "unauthorized_client", error_description: "Invalid token" }),
      5,
    ],
    [
      "project-not-found",
      (_q, res) => json(res, 404, { error: "not_found", error_description: "Project 'My Project' not found" }),
      6,
    ],
    ["http-error", (_q, res) => json(res, 500, "boom"), 7],
    ["unexpected-response", (_q, res) => json(res, 200, '{"status":"DONE"}'), 8],
    ["timeout", () => {}, 10],
  ];
  for (const [kind, handler, code] of outcomes) {
    it(`${kind}: exit ${code}, one line on stderr, same in --json`, async () => {
      const r = await cli([...BASE, "--timeout", "200ms"], {}, handler);
      expect(r.code).toBe(code);
      expect(r.err).toMatch(new RegExp(`^apinizer-connections delete: error: ${kind}.*\\n$`));
      expect(r.err.split("\n")).toHaveLength(2);
      const j = await cli([...BASE, "--timeout", "200ms", "--json"], {}, handler);
      expect(j.code).toBe(code);
      expect(JSON.parse(j.out)).toMatchObject({ ok: false, kind, exitCode: code });
    });
  }

  it("every kind of the client has its own exit code, apart from the shared ones", () => {
    const codes = CONNECTION_ERROR_KINDS.filter((k) => k !== "invalid-argument").map(
      (k) => DELETE_EXIT_CODES[k as keyof typeof DELETE_EXIT_CODES].code,
    );
    const all = [...codes, DELETE_EXIT_CODES["maybe-deleted"].code];
    expect(new Set(all).size).toBe(all.length);
    for (const shared of [0, 1, 2, 70, 130, 143]) expect(all).not.toContain(shared);
  });

  it("--json prints the result object with exitCode; the token never shows, JSON-escaped or not", async () => {
    const r = await cli([...BASE, "--json"], {}, (_q, res) => json(res, 200, DELETED_BODY));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ ok: true, status: 200, deleted: true, exitCode: 0 });
    const escaped = [...TOKEN].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");
    for (const echo of [`bad token ${TOKEN}`, `bad token ${TOKEN.replace("-", "\\u002d")}`]) {
      const body = `{"error":"x","error_description":"${echo}","echo":"${escaped}"}`;
      const e = await cli([...BASE, "--json"], {}, (_q, res) => json(res, 401, body));
      expect(e.code).toBe(5);
      const output = JSON.parse(e.out) as { body: string; message: string };
      expect(e.out + e.err).not.toContain(TOKEN);
      expect(JSON.stringify(output)).not.toContain(escaped.slice(0, 30));
      expect(JSON.parse(output.body).echo).not.toContain(TOKEN);
    }
  });

  it("a server message with terminal escapes is printed escaped", async () => {
    const r = await cli(BASE, {}, (_q, res) => json(res, 400, { error: "x", error_description: "bad\u001b[2J\rname" }));
    expect(r.err).not.toMatch(/\p{Cc}(?!$)/u);
    expect(r.err).toContain("\\u001b[2J");
  });

  it("Ctrl-C while waiting: exit 130 and 'interrupted' said plainly, not a network error", async () => {
    const c = captureIo({ APINIZER_BASE_URL: server.url, APINIZER_TOKEN: TOKEN });
    server.handler = () => c.abort();
    const code = await main(BASE, c.io);
    expect(code).toBe(130);
    expect(c.stderr()).toBe(
      'apinizer-connections delete: interrupted (SIGINT): stopped before an answer arrived; connection "my-email-connection" in project "My Project" may or may not have been deleted.\n',
    );
    expect(c.stderr()).not.toMatch(/network|aborted/);
    const j = captureIo({ APINIZER_BASE_URL: server.url, APINIZER_TOKEN: TOKEN });
    server.handler = () => j.abort();
    expect(await main([...BASE, "--json"], j.io)).toBe(130);
    expect(JSON.parse(j.stdout())).toMatchObject({ interrupted: "SIGINT", exitCode: 130 });
  });

  it.each([
    ["0.3", "0.3 s"],
    ["300ms", "300 ms"],
    ["0.3s", "0.3 s"],
  ])("--timeout %s is echoed in the unit given (%s), not converted", async (timeout, echoed) => {
    const r = await cli([...BASE, "--timeout", timeout], {}, () => {});
    expect(r.code).toBe(10);
    expect(r.err).toContain(`no complete answer within ${echoed} `);
  });

  it("--retries retries a 503", async () => {
    let calls = 0;
    const r = await cli([...BASE, "--retries", "2"], {}, (_q, res) =>
      calls++ === 0 ? json(res, 503, "busy") : json(res, 200, DELETED_BODY),
    );
    expect(r.code).toBe(0);
    expect(r.requests).toHaveLength(2);
  });
});

describe("usage errors: exit 2, a clear message, nothing sent", () => {
  const cases: [string[], Record<string, string | undefined>, RegExp][] = [
    [["delete"], {}, /--project is required/],
    [["delete", "--project", "P"], {}, /--connection is required/],
    [["delete", "--project", "P", "--connection"], {}, /--connection needs a value/],
    [["delete", "--project", "--connection", "C"], {}, /--project needs a value/],
    [[...BASE, "--timeout", "0"], {}, /--timeout must be/],
    [[...BASE, "--timeout", "-1"], {}, /--timeout needs a value/],
    [[...BASE, "--retries", "11"], {}, /--retries must be a whole number from 0 to 10/],
    [[...BASE, "--retries", "1.5"], {}, /--retries must be/],
    [BASE, { APINIZER_BASE_URL: undefined }, /no base URL: pass --base-url or set APINIZER_BASE_URL/],
    [BASE, { APINIZER_BASE_URL: "ftp://x" }, /APINIZER_BASE_URL must be an http:\/\/ or https:\/\/ URL/],
    [BASE, { APINIZER_BASE_URL: "demo.apinizer.com" }, /APINIZER_BASE_URL has no scheme: write it as https:\/\//],
    [[...BASE, "--base-url", "demo.apinizer.com:8443"], {}, /--base-url has no scheme/],
    [[...BASE, "--base-url", "https://demo.apinizer.com/apiops"], {}, /--base-url must not end in \/apiops/],
    [[...BASE, "--base-url", "https://demo.apinizer.com/apiops/"], {}, /must not end in \/apiops/],
    [BASE, { APINIZER_TOKEN: undefined }, /APINIZER_TOKEN is not set/],
    [BASE, { APINIZER_TOKEN: "" }, /APINIZER_TOKEN is not set/],
    [BASE, { APINIZER_TOKEN: "two words" }, /APINIZER_TOKEN must be visible ASCII/],
  ];
  // Every name the command accepts goes through the client's name rule, with the reason.
  const names: [string, RegExp][] = [
    ["..", /must not be a dot segment/],
    [".", /must not be a dot segment/],
    ["%2e%2E", /must not be a dot segment \("\." or "\.\."\) \(percent-encoded\)/],
    ["%252e%252e", /must not be a dot segment/],
    ["a/b", /must not contain "\/"/],
    ["a%2Fb", /must not contain "\/" or "\\" \(percent-encoded\)/],
    ["x".repeat(256), /must be at most 255 characters/],
    ["tab\there", /must not contain control characters/],
    ["   ", /must not be only whitespace/],
  ];
  for (const [name, reason] of names) {
    cases.push([["delete", "--project", "P", "--connection", name], {}, new RegExp(`--connection ${reason.source}`)]);
    cases.push([["delete", "--project", name, "--connection", "C"], {}, new RegExp(`--project ${reason.source}`)]);
  }
  for (const [argv, env, message] of cases) {
    it(`${JSON.stringify(argv.slice(1)).slice(0, 80)} ${JSON.stringify(env)}`, async () => {
      const r = await cli(argv, env);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/^apinizer-connections delete: /);
      expect(r.err).toMatch(message);
      expect(r.out).toBe("");
      expect(r.requests).toEqual([]);
    });
  }

  it("usage errors with --json also print one JSON object", async () => {
    const r = await cli(["delete", "--json"]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out)).toEqual({ ok: false, kind: "usage", message: "--project is required", exitCode: 2 });
  });

  it("a base URL that is a pasted token is refused without repeating it", async () => {
    const r = await cli([...BASE, "--base-url", TOKEN]);
    expect(r.code).toBe(2);
    expect(r.out + r.err).not.toContain(TOKEN);
  });
});
