// The mutation-score floors: `npm run mutation` runs Stryker (test/mutation/stryker.config.json),
// then this script, which reads Stryker's JSON report (build/mutation/mutation.json) and fails
// when a module that guards the contract, the secrets or a shared staging scores under its floor.
// docs/mutation.md has the measured scores and what the floors are for.
//
// The score is Stryker's own (mutation-testing-metrics, the package its reporters use): detected
// (killed or timed out) over valid mutants, mutants ignored with a reason not counted.
// Usage: node scripts/mutation-floors.ts [report.json] (default: build/mutation/mutation.json).
// Exit codes: 0 every floor met, 1 a floor missed, 2 no report or a module missing from it.
import { readFileSync, realpathSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { calculateMetrics } from "mutation-testing-metrics";
import type { MutationTestResult } from "mutation-testing-report-schema";

/**
 * Lowest accepted mutation score per module, in percent. A module is one job, in one file or a
 * few (secrets: the redactor, the piece search, the decoded views and the secret fields), scored
 * together: the floors are issue 23's, per module.
 */
export const FLOORS: Readonly<Record<string, { readonly floor: number; readonly files: readonly string[] }>> = {
  gate: { floor: 95, files: ["src/verify/native/gate.ts"] },
  secrets: {
    floor: 95,
    files: [
      "src/rules/secrets.ts",
      "src/rules/secret-pieces.ts",
      "src/rules/decoded-views.ts",
      "src/rules/secret-fields.ts",
    ],
  },
  names: { floor: 95, files: ["src/rules/names.ts"] },
  envelope: { floor: 95, files: ["src/rules/envelope.ts"] },
  mapping: { floor: 90, files: ["src/client/mapping.ts"] },
  wording: { floor: 90, files: ["src/rules/wording.ts"] },
};

const REPORT = resolve(process.argv[2] ?? resolve(import.meta.dirname, "../build/mutation/mutation.json"));

type Metrics = ReturnType<typeof calculateMetrics>["metrics"];
const counts = (m: Metrics): string =>
  `${m.killed} killed, ${m.timeout} timed out, ${m.survived} survived, ${m.noCoverage} no coverage, ${m.ignored} ignored`;

function main(): number {
  let report: MutationTestResult;
  try {
    report = JSON.parse(readFileSync(REPORT, "utf8"));
    if (typeof report?.files !== "object" || report.files === null) throw new Error('no "files": not a Stryker report');
  } catch (error) {
    console.error(`mutation floors: cannot read ${REPORT} (${(error as Error).message}); run npm run mutation`);
    return 2;
  }
  let status = 0;
  const rows: string[] = [];
  for (const [name, { floor, files }] of Object.entries(FLOORS)) {
    const results = files.flatMap((file) => {
      const result = report.files[file];
      return result === undefined ? [] : [[file, result] as const];
    });
    const missing = files.filter((file) => report.files[file] === undefined);
    if (missing.length > 0) {
      rows.push(`${name}: ${missing.join(", ")} not in the report (moved? update FLOORS and the Stryker config)`);
      status = 2;
      continue;
    }
    const m = calculateMetrics(Object.fromEntries(results)).metrics;
    // No valid mutant (all ignored, or none): NaN, which no floor meets; said as such.
    const met = m.mutationScore >= floor;
    if (!met && status === 0) status = 1;
    rows.push(
      `${met ? "ok  " : "FAIL"} ${name.padEnd(9)} ${m.mutationScore.toFixed(1).padStart(5)} % (floor ${floor} %): ${counts(m)}` +
        (Number.isNaN(m.mutationScore) ? " (no valid mutant: nothing was tested)" : ""),
    );
    if (files.length > 1) {
      for (const [file, result] of results) {
        const f = calculateMetrics({ [file]: result }).metrics;
        rows.push(`       ${file.padEnd(27)} ${f.mutationScore.toFixed(1).padStart(5)} %: ${counts(f)}`);
      }
    }
  }
  console.log(["Mutation score per module:", ...rows].join("\n"));
  if (rows.some((row) => row.startsWith("FAIL")))
    console.error("mutation floors: a module scores under its floor (survivors: build/mutation/index.html)");
  return status;
}

// Run as a script, not when a test imports FLOORS.
// (realpath: started through a symlink, the script still runs rather than passing silently.)
if (process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url)))
  process.exitCode = main();
