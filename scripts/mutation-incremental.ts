// Rewrites Stryker's incremental results (test/mutation/incremental.json, committed; npm run
// mutation calls this after Stryker) in one order. Stryker numbers the tests in the order its
// runner happens to find them and lists the mutants as they finish, so every run rewrote the whole
// file (3.6 MB) even when nothing had changed. Here the tests are numbered by file, name and
// place, the mutants sorted by place and numbered in that order, and each mutant's lists of
// covering and killing tests sorted: a run that changes nothing changes next to nothing in the
// file, and a commit of it shows what a change did to the results.
//
// Stryker reads the file back by keys, not by these numbers (a test by its file, name and place;
// a mutant by its file, place, mutator and replacement), so renumbering keeps every result
// reusable: the numbers only have to agree with each other within the file, as they do here.
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { MutantResult, MutationTestResult, TestDefinition } from "mutation-testing-report-schema";

const FILE = resolve(import.meta.dirname, "../test/mutation/incremental.json");

const byNumbers = (a: readonly number[], b: readonly number[]): number =>
  a.reduce((order, n, i) => order || n - (b[i] ?? 0), 0);
const placeOf = (m: MutantResult): number[] => [
  m.location.start.line,
  m.location.start.column,
  m.location.end.line,
  m.location.end.column,
];
const testPlaceOf = (t: TestDefinition): number[] => [t.location?.start.line ?? 0, t.location?.start.column ?? 0];

const report = JSON.parse(readFileSync(FILE, "utf8")) as MutationTestResult;

// Tests: numbered by file, then place, then name.
const tests = Object.entries(report.testFiles ?? {})
  .flatMap(([file, { tests }]) => tests.map((test) => ({ file, test })))
  .sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      byNumbers(testPlaceOf(a.test), testPlaceOf(b.test)) ||
      a.test.name.localeCompare(b.test.name),
  );
const testNumber = new Map(tests.map(({ test }, i) => [test.id, String(i)]));
for (const { test } of tests) test.id = testNumber.get(test.id) as string;
for (const file of Object.values(report.testFiles ?? {})) file.tests.sort((a, b) => Number(a.id) - Number(b.id));

// Mutants: sorted by place, mutator and replacement within their file, numbered across files.
const renumber = (ids: string[]): string[] =>
  ids.map((id) => testNumber.get(id) ?? id).sort((a, b) => Number(a) - Number(b));
let mutantNumber = 0;
for (const file of Object.keys(report.files).sort()) {
  const mutants = (report.files[file] as { mutants: MutantResult[] }).mutants;
  mutants.sort(
    (a, b) =>
      byNumbers(placeOf(a), placeOf(b)) ||
      a.mutatorName.localeCompare(b.mutatorName) ||
      (a.replacement ?? "").localeCompare(b.replacement ?? ""),
  );
  for (const mutant of mutants) {
    mutant.id = String(mutantNumber++);
    if (mutant.coveredBy !== undefined) mutant.coveredBy = renumber(mutant.coveredBy);
    if (mutant.killedBy !== undefined) mutant.killedBy = renumber(mutant.killedBy);
  }
}

// The files in name order too (Stryker writes them in the order their mutants finished).
const sorted = <T>(record: Record<string, T>): Record<string, T> =>
  Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
report.files = sorted(report.files);
if (report.testFiles !== undefined) report.testFiles = sorted(report.testFiles);

writeFileSync(FILE, JSON.stringify(report, null, 2));
