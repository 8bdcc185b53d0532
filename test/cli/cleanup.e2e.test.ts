// `cleanup` end to end against the stand-in: it finds this tool's fixtures (name prefix and
// description marker), removes only those (of one run with --run-id), lists them with --dry-run,
// and leaves everything else alone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/index.js";
import { type StandIn, serve } from "../../src/provider/index.js";
import { connectionPath } from "../../src/rules/route.js";
import { fixtureBody } from "../../src/verify/server/admin.js";
import { captureIo } from "../support/io.js";

const TOKEN = "cleanup-e2e-token-1d2c3b";
const PROJECT = "ContractTests";
const RUN_A = "aaaaaaaaaaaa";
const RUN_B = "bbbbbbbbbbbb";
let standIn: StandIn;

async function create(name: string, body: Record<string, unknown>) {
  const res = await fetch(`${standIn.url}${connectionPath(PROJECT, name)}`, {
    method: "POST",
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  standIn = await serve({
    token: TOKEN,
    projects: [PROJECT],
    connections: [{ connectionName: "my-email-connection" }],
  });
  await create(`act-verify-${RUN_A}-1`, fixtureBody(`act-verify-${RUN_A}-1`, RUN_A));
  await create(`act-verify-${RUN_B}-1`, fixtureBody(`act-verify-${RUN_B}-1`, RUN_B));
  // The prefix alone is not enough: without the marker it is not this tool's.
  await create("act-verify-cccccccccccc-1", { type: "email", name: "act-verify-cccccccccccc-1", description: "mine" });
});
afterAll(() => standIn.close());

const names = () => standIn.connections(PROJECT)?.map((c) => c.name) ?? [];

async function cleanup(argv: string[], env: Record<string, string> = { APINIZER_TOKEN: TOKEN }) {
  const c = captureIo(env);
  const code = await main(["cleanup", "--base-url", standIn.url, "--project", PROJECT, ...argv], c.io);
  return { code, out: c.stdout(), err: c.stderr() };
}

describe("cleanup, end to end", () => {
  it("--dry-run lists this tool's fixtures and removes nothing", async () => {
    const r = await cleanup(["--dry-run"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`act-verify-${RUN_A}-1`);
    expect(r.out).toContain(`act-verify-${RUN_B}-1`);
    expect(r.out).not.toContain("my-email-connection");
    expect(names()).toHaveLength(4);
  });

  it("--run-id removes only that run's fixtures; then the rest; never anything else", async () => {
    expect((await cleanup(["--run-id", RUN_A])).code).toBe(0);
    expect(names()).not.toContain(`act-verify-${RUN_A}-1`);
    expect(names()).toContain(`act-verify-${RUN_B}-1`);
    const all = await cleanup(["--json"]);
    expect(all.code).toBe(0);
    expect(JSON.parse(all.out)).toMatchObject({ outcome: "removed", removed: [`act-verify-${RUN_B}-1`], exitCode: 0 });
    expect(names()).toEqual(["act-verify-cccccccccccc-1", "my-email-connection"]);
    const again = await cleanup([]);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/Nothing to clean up/);
  });

  it("a project that does not exist, or a refused token: exit 3, nothing removed", async () => {
    const c = captureIo({ APINIZER_TOKEN: TOKEN });
    expect(await main(["cleanup", "--base-url", standIn.url, "--project", "Nope"], c.io)).toBe(3);
    expect((await cleanup([], { APINIZER_TOKEN: "wrong-token" })).code).toBe(3);
    expect(names()).toHaveLength(2);
  });
});
