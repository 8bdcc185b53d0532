import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELETE_EXIT_CODES, deleteHelp, run } from "../../src/cli/delete.js";
import { COMMANDS, main } from "../../src/cli/index.js";
import { CONNECTION_ERROR_KINDS } from "../../src/client/index.js";
import { DELETED_BODY, type Handler, json, startServer, type TestServer } from "../client/server.js";
import { captureIo } from "../support/io.js";

const TOKEN = "cli-secret-token-0b5e9d";
let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

async function cli(argv: string[], env: Record<string, string | undefined> = {}, handler?: Handler) {
  if (handler) server.handler = handler;
  const c = captureIo({ APINIZER_BASE_URL: server.url, APINIZER_TOKEN: TOKEN, ...env });
  const before = server.requests.length;
  const code = await main(argv, c.io);
  return { code, out: c.stdout(), err: c.stderr(), requests: server.requests.slice(before) };
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

  it("deploymentResult.success false: exit 0 but a warning on stderr", async () => {
    const r = await cli(BASE, {}, (_q, res) => json(res, 200, { success: true, deploymentResult: { success: false } }));
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^warning: .*deploymentResult\.success: false/);
  });

  it("not found: exit 3 with the server's message; --ignore-missing makes it exit 0", async () => {
    const r = await cli(BASE, {}, notFound);
    expect(r.code).toBe(3);
    expect(r.err).toBe(
      "error: connection-not-found (HTTP 400): Connection (name: my-email-connection) was not found! (use --ignore-missing to treat this as done)\n",
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
    ["unexpected-response", (_q, res) => json(res, 200, '{"status":"SUCCESS","resultMessage":"ok"}'), 8],
    ["network", (q) => q.socket.destroy(), 9],
    ["timeout", () => {}, 10],
  ];
  for (const [kind, handler, code] of outcomes) {
    it(`${kind}: exit ${code}, one line on stderr, same in --json`, async () => {
      const r = await cli([...BASE, "--timeout", "200ms"], {}, handler);
      expect(r.code).toBe(code);
      expect(r.err).toMatch(new RegExp(`^error: ${kind}.*\\n$`));
      expect(r.err.split("\n")).toHaveLength(2);
      const j = await cli([...BASE, "--timeout", "200ms", "--json"], {}, handler);
      expect(j.code).toBe(code);
      expect(JSON.parse(j.out)).toMatchObject({ ok: false, kind, exitCode: code });
    });
  }

  it("every kind has its own exit code, listed in --help", async () => {
    const codes = CONNECTION_ERROR_KINDS.filter((k) => k !== "invalid-argument").map((k) => DELETE_EXIT_CODES[k]);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).not.toContain(0);
    expect(codes).not.toContain(2);
    for (const kind of CONNECTION_ERROR_KINDS) {
      expect(deleteHelp).toMatch(
        new RegExp(
          `\\n  ${DELETE_EXIT_CODES[kind]} +${kind === "invalid-argument" ? "usage error or invalid argument" : kind}`,
        ),
      );
    }
  });

  it("--json prints the result object with exitCode, token-free", async () => {
    const r = await cli([...BASE, "--json"], {}, (_q, res) => json(res, 200, DELETED_BODY));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      ok: true,
      status: 200,
      deleted: true,
      data: JSON.parse(DELETED_BODY),
      exitCode: 0,
    });
    const echo = await cli([...BASE, "--json"], {}, (_q, res) =>
      json(res, 401, { error: "x", error_description: `bad token ${TOKEN}` }),
    );
    expect(echo.out + echo.err).not.toContain(TOKEN);
    expect(JSON.parse(echo.out)).toMatchObject({ kind: "unauthorized", message: "bad token [REDACTED]", exitCode: 5 });
  });

  it("an invalid name is refused before any request: exit 2", async () => {
    const r = await cli(["delete", "--project", "P", "--connection", ".."]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: invalid-argument: connectionName must not be a dot segment/);
    expect(r.requests).toEqual([]);
  });

  it("a server message with terminal escapes is printed escaped", async () => {
    const r = await cli(BASE, {}, (_q, res) => json(res, 400, { error: "x", error_description: "bad\u001b[2J\rname" }));
    expect(r.err).not.toMatch(/\p{Cc}(?!$)/u);
    expect(r.err).toContain("\\u001b[2J");
  });

  it("--timeout: plain number is seconds; ms and s suffixes", async () => {
    server.handler = () => {};
    const t0 = Date.now();
    expect((await cli([...BASE, "--timeout", "0.2"])).code).toBe(10);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect((await cli([...BASE, "--timeout", "150ms"])).code).toBe(10);
    server.handler = (_q, res) => setTimeout(() => json(res, 200, DELETED_BODY), 300);
    expect((await cli([...BASE, "--timeout", "1"])).code).toBe(0);
    expect((await cli([...BASE, "--timeout", "2s"])).code).toBe(0);
  });

  it("Ctrl-C (the io signal) ends the call with exit 130, not a network error", async () => {
    server.handler = () => {};
    const c = captureIo({ APINIZER_BASE_URL: server.url, APINIZER_TOKEN: TOKEN });
    const pending = main(BASE, c.io);
    setTimeout(() => c.abort(), 50);
    expect(await pending).toBe(130);
    expect(c.stderr()).toMatch(/^error: network: aborted by the caller/);
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
    [["delete", ...BASE.slice(1), "--bogus"], {}, /unknown option --bogus/],
    [["delete", ...BASE.slice(1), "-x"], {}, /unknown option -x/],
    [["delete", ...BASE.slice(1), "extra"], {}, /unexpected argument/],
    [["delete", ...BASE.slice(1), "--json=yes"], {}, /--json does not take a value/],
    [["delete", ...BASE.slice(1), "--project", "Q"], {}, /--project was given more than once/],
    [["delete", ...BASE.slice(1), "--timeout", "soon"], {}, /--timeout must be/],
    [["delete", ...BASE.slice(1), "--timeout", "0"], {}, /--timeout must be/],
    [["delete", ...BASE.slice(1), "--timeout", "-1"], {}, /--timeout needs a value/],
    [["delete", ...BASE.slice(1), "--retries", "11"], {}, /--retries must be/],
    [["delete", ...BASE.slice(1), "--retries", "1.5"], {}, /--retries must be/],
    [BASE, { APINIZER_BASE_URL: undefined }, /no base URL/],
    [BASE, { APINIZER_BASE_URL: "ftp://x" }, /http\(s\)/],
    [BASE, { APINIZER_TOKEN: undefined }, /APINIZER_TOKEN is not set/],
    [BASE, { APINIZER_TOKEN: "" }, /APINIZER_TOKEN is not set/],
    [BASE, { APINIZER_TOKEN: "two words" }, /token must be visible ASCII/],
  ];
  for (const [argv, env, message] of cases) {
    it(`${argv.slice(1).join(" ")} ${JSON.stringify(env)}`, async () => {
      const r = await cli(argv, env);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.out).toBe("");
      expect(r.requests).toEqual([]);
    });
  }

  it("--token is refused with an explanation, and its value is never repeated", async () => {
    for (const argv of [
      [...BASE, "--token", "leaky-value-123"],
      [...BASE, "--token=leaky-value-123"],
      [...BASE, "--TOKEN=leaky-value-123"],
    ]) {
      const r = await cli(argv);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/never accepted on the command line.*APINIZER_TOKEN/);
      expect(r.err + r.out).not.toContain("leaky-value-123");
      expect(r.requests).toEqual([]);
    }
    const unknown = await cli([...BASE, "--secret=leaky-value-123"]);
    expect(unknown.err).not.toContain("leaky-value-123");
  });

  it("usage errors with --json also print one JSON object", async () => {
    const r = await cli(["delete", "--json"]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out)).toEqual({ ok: false, kind: "usage", message: "--project is required", exitCode: 2 });
  });
});

describe("help, version and dispatch", () => {
  it("--help at top level lists the commands; per command it lists options, env vars and exit codes", async () => {
    const top = await cli(["--help"]);
    expect(top.code).toBe(0);
    for (const name of Object.keys(COMMANDS)) expect(top.out).toContain(`  ${name} `);
    const del = await cli(["delete", "--help"]);
    expect(del.code).toBe(0);
    expect(del.out).toBe(deleteHelp);
    expect(del.out).toMatch(/APINIZER_TOKEN[\s\S]*APINIZER_BASE_URL[\s\S]*Exit codes:/);
    expect((await cli(["help", "delete"])).out).toBe(deleteHelp);
    expect((await cli(["delete", "-h"])).requests).toEqual([]);
  });

  it("--version prints the package version", async () => {
    const { version } = (await import("../../package.json", { with: { type: "json" } })).default;
    expect(await cli(["--version"])).toMatchObject({ code: 0, out: `${version}\n` });
  });

  it("no command or an unknown one: exit 2 with the help on stderr; an odd argument is not echoed", async () => {
    expect(await cli([])).toMatchObject({ code: 2, out: "" });
    const unknown = await cli(["remove"]);
    expect(unknown).toMatchObject({ code: 2, out: "" });
    expect(unknown.err).toMatch(/unknown command 'remove'[\s\S]*Usage:/);
    expect((await cli(["Sup3r$ecret!"])).err).not.toContain("Sup3r$ecret!");
  });

  it("run() can be called directly", async () => {
    server.handler = (_q, res) => json(res, 200, DELETED_BODY);
    const out: string[] = [];
    const code = await run(["--project", "P", "--connection", "C", "--json"], {
      stdout: (t) => void out.push(t),
      stderr: () => {},
      env: { APINIZER_BASE_URL: server.url, APINIZER_TOKEN: TOKEN },
    });
    expect(code).toBe(0);
    expect(JSON.parse(out.join(""))).toMatchObject({ deleted: true });
  });
});
