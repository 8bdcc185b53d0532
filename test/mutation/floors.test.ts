/**
 * The CI gate of docs/mutation.md: scripts/mutation-floors.ts reads a Stryker JSON report and
 * fails when a guarded module scores under its floor. Fed small reports here (the score is
 * Stryker's own: detected over valid, ignored not counted), so a broken gate shows without a
 * mutation run.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FLOORS } from "../../scripts/mutation-floors.js";

const script = path.resolve(import.meta.dirname, "../../scripts/mutation-floors.ts");
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "apinizer-floors-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

type Status = "Killed" | "Timeout" | "Survived" | "NoCoverage" | "Ignored";

/** A report where each file of each module has the given mutants' statuses (one mutant per line). */
function report(statuses: (module: string, file: string) => readonly Status[]): object {
  const all = Object.entries(FLOORS).flatMap(([module, { files }]) => files.map((file) => [module, file] as const));
  const files = Object.fromEntries(
    all.map(([module, file]) => [
      file,
      {
        language: "typescript",
        source: "x\n".repeat(200),
        mutants: statuses(module, file).map((status, i) => ({
          id: `${i}`,
          mutatorName: "BooleanLiteral",
          location: { start: { line: i + 1, column: 1 }, end: { line: i + 1, column: 2 } },
          status,
        })),
      },
    ]),
  );
  return { schemaVersion: "1", thresholds: { high: 80, low: 60 }, files };
}

/** `count` mutants: `undetected` of them survived, the rest killed (plus `ignored` ignored ones). */
function mutants(count: number, undetected: number, ignored = 0): Status[] {
  return [
    ...Array<Status>(count - undetected).fill("Killed"),
    ...Array<Status>(undetected).fill("Survived"),
    ...Array<Status>(ignored).fill("Ignored"),
  ];
}

async function floors(body: object | string, via = script): Promise<{ code: number; out: string }> {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, typeof body === "string" ? body : JSON.stringify(body));
  return new Promise((done) => {
    execFile(process.execPath, [via, file], (error, stdout, stderr) =>
      done({ code: error === null ? 0 : Number(error.code), out: stdout + stderr }),
    );
  });
}

describe("scripts/mutation-floors.ts", () => {
  it("passes when every module is at or above its floor", async () => {
    // 95 % exactly on the 95 % modules, 90 % exactly on the others: a floor is met by its own value.
    const r = await floors(report((m) => mutants(20, FLOORS[m]?.floor === 95 ? 1 : 2)));
    expect(r.out).not.toMatch(/FAIL/);
    expect(r.code).toBe(0);
  });

  it("fails (exit 1) and names the module that scores under its floor", async () => {
    const r = await floors(report((m) => mutants(20, m === "names" ? 2 : 0)));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAIL names +90\.0 % \(floor 95 %\)/);
    expect(r.out).toMatch(/ok {3}secrets/);
  });

  it("scores a module of several files together: one file under the floor, the module over it, passes", async () => {
    // secrets' four files: 18 of 20 detected in one (90 %), all 20 in the others: 78 of 80 (97.5 %).
    const over = await floors(report((_m, f) => mutants(20, f === "src/rules/secret-pieces.ts" ? 2 : 0)));
    expect(over.out).toMatch(/ok {3}secrets +97\.5 %/);
    expect(over.out).toMatch(/src\/rules\/secret-pieces\.ts +90\.0 %/);
    expect(over.code).toBe(0);
    // 5 undetected in each of the four: 75 % for the module.
    const under = await floors(report((m) => mutants(20, m === "secrets" ? 5 : 0)));
    expect(under.out).toMatch(/FAIL secrets +75\.0 %/);
    expect(under.code).toBe(1);
  });

  it("does not count ignored mutants, and counts timed-out ones as detected", async () => {
    const ignoredOnly = await floors(report(() => mutants(20, 1, 30)));
    expect(ignoredOnly.code).toBe(0);
    const timeouts = await floors(report(() => ["Timeout", "Timeout", "Killed"]));
    expect(timeouts.code).toBe(0);
    const noCoverage = await floors(report(() => [...mutants(9, 0), "NoCoverage"]));
    expect(noCoverage.code).toBe(1);
  });

  it("fails (exit 2) when a guarded module is missing from the report, or there is no report", async () => {
    const partial = report(() => mutants(10, 0)) as { files: Record<string, unknown> };
    delete partial.files["src/rules/secret-fields.ts"];
    const missing = await floors(partial);
    expect(missing.code).toBe(2);
    expect(missing.out).toMatch(/secrets: src\/rules\/secret-fields\.ts not in the report/);
    const garbled = await floors("{ not json");
    expect(garbled.code).toBe(2);
    expect(garbled.out).toMatch(/cannot read .* run npm run mutation/);
    // JSON, but not a Stryker report: "no report" (2), not a crash that reads as a missed floor (1).
    // Started through a symlink (a CI step that links scripts in), it still checks.
    const link = path.join(dir, "floors-link.ts");
    await symlink(script, link);
    expect((await floors("{ not json", link)).code).toBe(2);
    for (const notReport of ["{}", '{"files": null}', "null", "[]"]) {
      const r = await floors(notReport);
      expect(r.out, notReport).toMatch(/not a Stryker report/);
      expect(r.code, notReport).toBe(2);
    }
  });
});
