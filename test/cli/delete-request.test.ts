// `delete --dry-run` (what would be sent, nothing sent), `delete --verbose` (what was sent), and
// colour only on a terminal without NO_COLOR; the token never shows in any of them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/io.js";
import { DELETED_BODY, json, startServer, type TestServer } from "../client/server.js";
import { cliRecorded } from "../support/io.js";

const TOKEN = "request-token-6f5e4d3c";
let server: TestServer;
beforeAll(async () => {
  server = await startServer((_q, res) => json(res, 200, DELETED_BODY));
});
afterAll(() => server.close());

const BASE = ["delete", "--project", "My Project", "--connection", "my-email-connection"];

/** `delete ...` against the recording server behind a `/gw` prefix. */
function cli(argv: string[], extra: Partial<CliIo> = {}, env: Record<string, string> = {}) {
  return cliRecorded(server, argv, { APINIZER_BASE_URL: `${server.url}/gw`, APINIZER_TOKEN: TOKEN, ...env }, extra);
}

describe("delete --dry-run", () => {
  it("prints the request the client would send, with the token redacted, and sends nothing", async () => {
    const r = await cli([...BASE, "--dry-run"]);
    expect(r.code).toBe(0);
    expect(r.requests).toEqual([]);
    expect(r.out).toBe(
      "Would send (--dry-run; nothing was sent):\n" +
        `  DELETE ${server.url}/gw/apiops/projects/My%20Project/connections/my-email-connection/\n` +
        "  authorization: Bearer [REDACTED]\n",
    );
    expect(r.err).toBe("");
  });

  it("--json: the request as JSON; retries do not turn the dry run into more attempts", async () => {
    const r = await cli([...BASE, "--dry-run", "--json", "--retries", "3"]);
    expect(r.requests).toEqual([]);
    expect(JSON.parse(r.out)).toEqual({
      dryRun: true,
      request: {
        method: "DELETE",
        url: `${server.url}/gw/apiops/projects/My%20Project/connections/my-email-connection/`,
        headers: { authorization: "Bearer [REDACTED]" },
      },
      exitCode: 0,
    });
    expect(r.out).not.toContain(TOKEN);
  });

  it("runs without APINIZER_TOKEN (it sends nothing), and says a real run needs it", async () => {
    for (const env of [{ APINIZER_TOKEN: "" }, { APINIZER_TOKEN: undefined as unknown as string }]) {
      const r = await cli([...BASE, "--dry-run"], {}, env);
      expect(r.code, r.err).toBe(0);
      expect(r.requests).toEqual([]);
      expect(r.out).toContain("  authorization: Bearer [REDACTED]\n");
      expect(r.err).toBe("apinizer-connections delete: note: APINIZER_TOKEN is not set; a real run needs it\n");
    }
  });

  it("checks everything else a real run checks", async () => {
    expect((await cli(["delete", "--project", "P", "--connection", "..", "--dry-run"])).code).toBe(2);
    expect((await cli([...BASE, "--dry-run"], {}, { APINIZER_TOKEN: "bad token" })).code).toBe(2);
  });
});

describe("delete --verbose", () => {
  it("prints each attempt's method, URL and status on stderr, never the token", async () => {
    let calls = 0;
    server.handler = (_q, res) => (calls++ === 0 ? json(res, 503, "busy") : json(res, 200, DELETED_BODY));
    const r = await cli([...BASE, "--verbose", "--retries", "1"]);
    expect(r.code).toBe(0);
    const url = `${server.url}/gw/apiops/projects/My%20Project/connections/my-email-connection/`;
    expect(r.err).toMatch(
      new RegExp(`^> DELETE ${url}\\n< 503 \\(\\d+ ms\\)\\n> DELETE ${url}\\n< 200 \\(\\d+ ms\\)\\n$`),
    );
    expect(r.out).toBe('Deleted connection "my-email-connection" in project "My Project".\n');
    expect(r.out + r.err).not.toContain(TOKEN);
    server.handler = (_q, res) => json(res, 200, DELETED_BODY);
  });

  it("says when no answer came (the connection closed: sent again once, then maybe deleted)", async () => {
    server.handler = (q) => q.socket.destroy();
    const r = await cli([...BASE, "--verbose"]);
    expect(r.code).toBe(12);
    expect(r.err).toMatch(
      /^> DELETE \S+\n< no answer \(\d+ ms\)\n> DELETE \S+\n< no answer \(\d+ ms\)\napinizer-connections delete: error: maybe-deleted: the connection closed before an answer/,
    );
    server.handler = (_q, res) => json(res, 200, DELETED_BODY);
  });
});

describe("colour", () => {
  const tty = { tty: { stdout: true, stderr: true } };
  it("only on a terminal", async () => {
    expect((await cli(BASE, tty)).out).toBe(
      '\u001b[32mDeleted\u001b[0m connection "my-email-connection" in project "My Project".\n',
    );
    expect((await cli(BASE)).out).not.toContain("\u001b[");
  });

  it("never with NO_COLOR (any non-empty value) or TERM=dumb", async () => {
    for (const env of [{ NO_COLOR: "1" }, { NO_COLOR: "false" }, { TERM: "dumb" }]) {
      expect((await cli(BASE, tty, env)).out).not.toContain("\u001b[");
    }
    expect((await cli(BASE, tty, { NO_COLOR: "" })).out).toContain("\u001b[32m");
  });

  it("errors in red on a terminal's stderr", async () => {
    server.handler = (_q, res) => json(res, 500, "boom");
    const err = (await cli(BASE, tty)).err;
    expect(err.startsWith("apinizer-connections delete: \u001b[31merror: http-error\u001b[0m (HTTP 500)")).toBe(true);
    server.handler = (_q, res) => json(res, 200, DELETED_BODY);
  });
});
