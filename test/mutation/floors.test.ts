/**
 * The CI gate of docs/mutation.md: scripts/mutation-floors.ts reads a Stryker JSON report and
 * fails when a guarded module scores under its floor. Fed small reports here (the score is
 * Stryker's own: detected over valid, ignored not counted), so a broken gate shows without a
 * mutation run.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
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

/** A report where each module has the given mutants' statuses (one mutant per line). */
function report(statuses: (file: string) => readonly Status[]): object {
  const files = Object.fromEntries(
    Object.keys(FLOORS).map((file) => [
      file,
      {
        language: "typescript",
        source: "x\n".repeat(200),
        mutants: statuses(file).map((status, i) => ({
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

async function floors(body: object | string): Promise<{ code: number; out: string }> {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, typeof body === "string" ? body : JSON.stringify(body));
  return new Promise((done) => {
    execFile(process.execPath, [script, file], (error, stdout, stderr) =>
      done({ code: error === null ? 0 : Number(error.code), out: stdout + stderr }),
    );
  });
}

describe("scripts/mutation-floors.ts", () => {
  it("passes when every module is at or above its floor", async () => {
    // 95 % exactly on the 95 % modules, 90 % exactly on the others: a floor is met by its own value.
    const r = await floors(report((f) => mutants(20, (FLOORS[f] as number) === 95 ? 1 : 2)));
    expect(r.out).not.toMatch(/FAIL/);
    expect(r.code).toBe(0);
  });

  it("fails (exit 1) and names the module that scores under its floor", async () => {
    const r = await floors(report((f) => mutants(20, f === "src/rules/secrets.ts" ? 2 : 0)));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAIL src\/rules\/secrets\.ts +90\.0 % \(floor 95 %\)/);
    expect(r.out).toMatch(/ok {3}src\/rules\/names\.ts/);
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
    delete partial.files["src/verify/native/gate.ts"];
    const missing = await floors(partial);
    expect(missing.code).toBe(2);
    expect(missing.out).toMatch(/src\/verify\/native\/gate\.ts: not in the report/);
    const garbled = await floors("{ not json");
    expect(garbled.code).toBe(2);
    expect(garbled.out).toMatch(/cannot read .* run npm run mutation/);
  });
});
