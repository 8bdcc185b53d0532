// `delete` against the stand-in in both envelopes (issue 9): the same exit code for the same
// outcome whichever envelope the server speaks, permission-denied with its own code, and the
// "an earlier attempt may have deleted it" case with its own, documented outcome; the same exit
// codes against a stand-in that writes unset fields as null (issue 16).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELETE_EXIT_CODES } from "../../src/cli/delete-spec.js";
import { type StandIn, serve } from "../../src/provider/index.js";
import { json, startServer, type TestServer } from "../client/server.js";
import { cli } from "../support/io.js";

const TOKEN = "envelopes-token-2c1b0a";
const LIMITED = "envelopes-limited-9f8e7d";

const del = (argv: string[], env: Record<string, string>) => cli(["delete", ...argv], env);

// Each envelope as the pages show it, and as a Java server writes it (unset fields null: serve's `nulls`).
describe.each([
  ["success", false],
  ["status", false],
  ["success", true],
  ["status", true],
] as const)("the %s envelope (unset fields null: %s)", (envelope, nulls) => {
  let standIn: StandIn;
  beforeAll(async () => {
    standIn = await serve({
      envelope,
      nulls,
      token: TOKEN,
      limitedToken: LIMITED,
      connections: [
        { connectionName: "c1" },
        { connectionName: "c2" },
        { connectionName: "quiet", deployToWorker: false },
      ],
    });
  });
  afterAll(() => standIn.close());
  const env = () => ({ APINIZER_BASE_URL: standIn.url, APINIZER_TOKEN: TOKEN });

  it.each([
    [["--project", "MyProject", "--connection", "c1"], {}, "deleted"],
    [["--project", "MyProject", "--connection", "c1"], {}, "connection-not-found"],
    [["--project", "Nope", "--connection", "c2"], {}, "project-not-found"],
    [["--project", "MyProject", "--connection", "c2"], { APINIZER_TOKEN: "not-the-token" }, "unauthorized"],
    [["--project", "MyProject", "--connection", "c2"], { APINIZER_TOKEN: LIMITED }, "permission-denied"],
  ] as const)("%j %j: %s", async (argv, extra, outcome) => {
    const r = await del([...argv, "--json"], { ...env(), ...extra });
    expect(r.code).toBe(DELETE_EXIT_CODES[outcome].code);
    expect(JSON.parse(r.out)).toMatchObject({ envelope, exitCode: DELETE_EXIT_CODES[outcome].code });
  });

  it("permission-denied: exit 11, says which permission is missing", async () => {
    const r = await del(["--project", "MyProject", "--connection", "c2"], { ...env(), APINIZER_TOKEN: LIMITED });
    expect(r.code).toBe(11);
    expect(r.err).toMatch(
      /^apinizer-connections delete: error: permission-denied \(HTTP 400\): .*CONNECTIONS \+ MANAGE/,
    );
    expect(standIn.connections("MyProject")?.map((c) => c.name)).toContain("c2");
  });

  it("a connection that was never deployed is deleted all the same (exit 0)", async () => {
    const r = await del(["--project", "MyProject", "--connection", "quiet"], env());
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      `Deleted connection "quiet" in project "MyProject"${envelope === "status" ? " (it had not been deployed to the workers)" : ""}.\n`,
    );
  });
});

describe("a retry that hears 'not found' after a failed attempt", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  const firstFails = () => {
    let calls = 0;
    server.handler = (_q, res) =>
      calls++ === 0
        ? json(res, 502, "bad gateway")
        : json(res, 400, { error: "bad_request", error_description: "Connection (name: c1) was not found!" });
  };
  const env = () => ({ APINIZER_BASE_URL: server.url, APINIZER_TOKEN: TOKEN });
  const argv = ["--project", "P", "--connection", "c1", "--retries", "1"];

  it("exit 12 (maybe-deleted), not 3: the earlier attempt may have deleted it", async () => {
    firstFails();
    const r = await del(argv, env());
    expect(r.code).toBe(12);
    expect(r.err).toMatch(/^apinizer-connections delete: error: maybe-deleted \(HTTP 400\): .*may have deleted/);
    firstFails();
    const j = await del([...argv, "--json"], env());
    expect(JSON.parse(j.out)).toMatchObject({ kind: "connection-not-found", earlierAttemptMayHaveDeleted: true });
    expect(JSON.parse(j.out).exitCode).toBe(12);
  });

  it("with --ignore-missing: exit 0, and it says the connection is gone", async () => {
    firstFails();
    const r = await del([...argv, "--ignore-missing"], env());
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Gone: connection "c1" in project "P" does not exist now: .*may have deleted/);
  });
});
