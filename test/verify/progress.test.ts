// Issue 20, long phases: verify reports how far each long phase is (VerifyOutput.progress), after
// each item, so the CLI can show a live count with an estimate (src/cli/progress.ts).
import { describe, expect, it } from "vitest";
import { serve } from "../../src/provider/index.js";
import { connectionPath } from "../../src/rules/route.js";
import { cleanup, verify } from "../../src/verify/index.js";
import { fixtureBody } from "../../src/verify/server/admin.js";
import { closeAfterTest } from "../support/lifecycle.js";
import { againstServer, TOKEN } from "./support/harness.js";

type Seen = [phase: string, done: number, total: number];

describe("progress of long phases", () => {
  it("verify --names against a server: interactions verified (of the target's envelope), names checked", async () => {
    const standIn = closeAfterTest(await serve({ token: TOKEN, projects: ["MyProject"] }));
    const seen: Seen[] = [];
    const report = await verify({
      ...againstServer(standIn.url, { names: 3 }),
      output: { line: () => {}, result: () => {}, progress: (...p) => seen.push(p) },
    });
    expect(report.outcome).toBe("verified");
    const of = (phase: string) => seen.filter(([p]) => p === phase).map(([, d, t]) => `${d}/${t}`);
    const interactions = report.interactions.length;
    expect(of("interactions verified")).toEqual(
      Array.from({ length: interactions }, (_, i) => `${i + 1}/${interactions}`),
    );
    expect(of("names checked")).toEqual(["0/3", "1/3", "2/3", "3/3"]);
  });

  it("cleanup: one count per fixture, up to the total", async () => {
    const standIn = closeAfterTest(await serve({ token: TOKEN, projects: ["P"] }));
    for (const n of [1, 2, 3]) {
      const name = `act-verify-aaaaaaaaaaaa-${n}`;
      await fetch(`${standIn.url}${connectionPath("P", name)}`, {
        method: "POST",
        headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify(fixtureBody(name, "aaaaaaaaaaaa")),
      });
    }
    const seen: Seen[] = [];
    const r = await cleanup({
      baseUrl: standIn.url,
      token: TOKEN,
      projectName: "P",
      timeoutMs: 5_000,
      output: { line: () => {}, result: () => {}, progress: (...p) => seen.push(p) },
    });
    expect(r.outcome).toBe("removed");
    expect(seen).toEqual([
      ["fixtures removed", 1, 3],
      ["fixtures removed", 2, 3],
      ["fixtures removed", 3, 3],
    ]);
  });
});
