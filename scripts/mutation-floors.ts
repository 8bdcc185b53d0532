// The mutation-score floors: `npm run mutation` runs Stryker (test/mutation/stryker.config.json),
// then this script, which reads Stryker's JSON report (build/mutation/mutation.json) and fails
// when a module that guards the contract, the secrets or a shared staging scores under its floor.
// docs/mutation.md has the measured scores and what the floors are for.
//
// The score is Stryker's own (mutation-testing-metrics, the package its reporters use): detected
// (killed or timed out) over valid mutants, mutants ignored with a reason not counted.
// Usage: node scripts/mutation-floors.ts [report.json] (default: build/mutation/mutation.json).
// Exit codes: 0 every floor met, 1 a floor missed, 2 no report or a module missing from it.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { calculateMetrics } from "mutation-testing-metrics";
import type { MutationTestResult } from "mutation-testing-report-schema";

/** Lowest accepted mutation score per module, in percent. */
export const FLOORS: Readonly<Record<string, number>> = {
  "src/verify/native/gate.ts": 95,
  "src/rules/secrets.ts": 95,
  "src/rules/names.ts": 95,
  "src/rules/envelope.ts": 95,
  "src/client/mapping.ts": 90,
  "src/rules/wording.ts": 90,
};

const REPORT = resolve(process.argv[2] ?? resolve(import.meta.dirname, "../build/mutation/mutation.json"));

function main(): number {
  let report: MutationTestResult;
  try {
    report = JSON.parse(readFileSync(REPORT, "utf8"));
  } catch (error) {
    console.error(`mutation floors: cannot read ${REPORT} (${(error as Error).message}); run npm run mutation`);
    return 2;
  }
  let status = 0;
  const rows: string[] = [];
  for (const [file, floor] of Object.entries(FLOORS)) {
    const result = report.files[file];
    if (result === undefined) {
      rows.push(`${file}: not in the report (was it moved? update FLOORS and the Stryker config)`);
      status = 2;
      continue;
    }
    const m = calculateMetrics({ [file]: result }).metrics;
    const met = m.mutationScore >= floor;
    if (!met && status === 0) status = 1;
    rows.push(
      `${met ? "ok  " : "FAIL"} ${file.padEnd(24)} ${m.mutationScore.toFixed(1).padStart(5)} % (floor ${floor} %): ` +
        `${m.killed} killed, ${m.timeout} timed out, ${m.survived} survived, ${m.noCoverage} no coverage, ${m.ignored} ignored`,
    );
  }
  console.log(["Mutation score per module:", ...rows].join("\n"));
  if (status === 1)
    console.error("mutation floors: a module scores under its floor (survivors: build/mutation/index.html)");
  return status;
}

// Run as a script, not when a test imports FLOORS.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main();
