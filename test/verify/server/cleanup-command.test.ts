// Issue 10, input 9 (the rest): a run that could not clean up (a second Ctrl-C, kill -9, a lost
// connection) leaves fixtures that `cleanup` finds through List Connections by their name prefix
// AND the marker in their description, removes, confirms gone and lists; anything else in the
// project is left alone.
import { describe, expect, it } from "vitest";
import { serve } from "../../../src/provider/index.js";
import { type CleanupOptions, cleanup, formatCleanup } from "../../../src/verify/index.js";
import { FIXTURE_MARKER, fixtureBody } from "../../../src/verify/server/admin.js";
import { closeAfterTest } from "../../support/lifecycle.js";
import { againstServer, TOKEN, verifyCollect } from "../support/harness.js";
import { distinctiveToken, expectNoToken } from "../support/secrets.js";
import { type FrontContext, startFront } from "../support/servers.js";

const PROJECT = "MyProject";
const RUN_A = "aaaaaaaaaaaa";
const RUN_B = "bbbbbbbbbbbb";
/** A stand-in holding two killed runs' fixtures and connections that only look like fixtures. */
async function littered(token = TOKEN) {
  const s = await serve({ token, projects: [PROJECT] });
  closeAfterTest(s);
  const put = (name: string, body: Record<string, unknown>) =>
    fetch(`${s.url}/apiops/projects/${PROJECT}/connections/${encodeURIComponent(name)}/`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  for (const name of [`act-verify-${RUN_A}-1`, `act-verify-${RUN_A}-2`, `act-verify-${RUN_B}-1`])
    await put(name, fixtureBody(name, name.includes(RUN_A) ? RUN_A : RUN_B));
  // The prefix without the marker, the marker without the prefix, somebody's connection.
  await put(`act-verify-${RUN_A}-9`, { type: "email", name: `act-verify-${RUN_A}-9`, description: "mine, keep" });
  await put("team-mailer", { type: "email", name: "team-mailer", description: `about the ${FIXTURE_MARKER}` });
  await put("my-email-connection", { type: "email", name: "my-email-connection" });
  return s;
}

const names = (s: { connections(p: string): { name: string }[] | undefined }) =>
  (s.connections(PROJECT) ?? []).map((c) => c.name);

async function runCleanup(baseUrl: string, extra: Partial<CleanupOptions> = {}, token = TOKEN) {
  const lines: string[] = [];
  const report = await cleanup({
    baseUrl,
    token,
    projectName: PROJECT,
    timeoutMs: 5_000,
    output: { line: (t) => lines.push(t), result: () => {} },
    ...extra,
  });
  return { report, lines, text: formatCleanup(report, { color: false }) };
}

const KEPT = [`act-verify-${RUN_A}-9`, "my-email-connection", "team-mailer"];

describe("cleanup", () => {
  it("removes every run's fixtures, and only them, and lists what it did", async () => {
    const s = await littered();
    const r = await runCleanup(s.url);
    expect(r.report.outcome).toBe("removed");
    expect([...r.report.removed].sort()).toEqual([
      `act-verify-${RUN_A}-1`,
      `act-verify-${RUN_A}-2`,
      `act-verify-${RUN_B}-1`,
    ]);
    expect(names(s)).toEqual(KEPT);
    expect(r.report.problems.join("\n")).toMatch(
      /1 connection\(s\) have the fixture prefix but not the fixture marker/,
    );
    expect(r.lines).toContain(`Removed act-verify-${RUN_B}-1`);
    expect(r.text).toMatch(/^Removed 3 fixture\(s\)\.$/m);
  });

  it("with a run id, removes only that run's fixtures", async () => {
    const s = await littered();
    const r = await runCleanup(s.url, { runId: RUN_B });
    expect(r.report.removed).toEqual([`act-verify-${RUN_B}-1`]);
    expect(names(s)).toContain(`act-verify-${RUN_A}-1`);
  });

  it("with dryRun, lists and removes nothing", async () => {
    const s = await littered();
    const r = await runCleanup(s.url, { dryRun: true });
    expect(r.report.outcome).toBe("listed");
    expect(r.report.found).toHaveLength(3);
    expect(names(s)).toHaveLength(6);
    expect(r.text).toMatch(/would remove act-verify-/);
  });

  it("lists what the server keeps, with the command that removes it", async () => {
    const s = await littered();
    const front = await startFront(s.url, (ctx: FrontContext) => {
      if (ctx.request.method !== "DELETE") return false;
      ctx.reply(500, { "content-type": "application/json" }, '{"error":"server_error"}');
      return true;
    });
    closeAfterTest(front);
    const r = await runCleanup(front.url);
    expect(r.report.outcome).toBe("left");
    expect(r.report.left.map((f) => f.connectionName)).toHaveLength(3);
    for (const f of r.report.left) expect(f.command).toContain(f.connectionName);
  });

  it("a List that fails (401, echoing the token): failed, the token shown nowhere", async () => {
    const token = distinctiveToken();
    const s = await littered(token);
    const front = await startFront(s.url, (ctx: FrontContext) => {
      const echo = `${"e".repeat(100)}${ctx.request.headers.authorization ?? ""}`;
      ctx.reply(401, { "content-type": "application/json" }, JSON.stringify({ error: "x", error_description: echo }));
      return true;
    });
    closeAfterTest(front);
    const r = await runCleanup(front.url, {}, token);
    expect(r.report.outcome).toBe("failed");
    expectNoToken(token, { text: r.text, lines: r.lines.join("\n"), report: JSON.stringify(r.report) });
  });
});

describe("after a run that could not clean up", () => {
  it("cleanup with the run's id finds and removes what the run left", async () => {
    const s = await serve({ token: TOKEN, projects: [PROJECT] });
    closeAfterTest(s);
    // While the run lasts, the server keeps everything (Delete answers 500).
    let broken = true;
    const front = await startFront(s.url, (ctx: FrontContext) => {
      if (!broken || ctx.request.method !== "DELETE") return false;
      ctx.reply(500, { "content-type": "application/json" }, '{"error":"server_error"}');
      return true;
    });
    closeAfterTest(front);
    const run = await verifyCollect(againstServer(front.url, { projectName: PROJECT }));
    const left = run.report.fixturesLeft.map((f) => f.connectionName).sort();
    expect(left.length).toBeGreaterThan(0);
    const runId = /^act-verify-([0-9a-f]{12})-/.exec(left[0] ?? "")?.[1];
    broken = false;
    const r = await runCleanup(front.url, { runId });
    expect(r.report.outcome).toBe("removed");
    expect([...r.report.removed].sort()).toEqual(left);
    expect(names(s)).toEqual([]);
  });
});
