// `npm run bench`: the client's per-call cost against openapi-fetch and fetch with the same deadline,
// bare fetch and node:http, measured in the same runs. BENCH_RUNS fresh processes (each with its
// own server process) run one measurement each (run.ts); this prints medians across runs with
// their spread. See bench/README.md for the method and the numbers.
//
// Environment: BENCH_RUNS (default 5), BENCH_ROUNDS (400), BENCH_ROUND_SIZE (5 calls),
// BENCH_WARMUP_MIN (3000 calls), BENCH_WARMUP_CAP (15000), BENCH_WARMUP_TOLERANCE_PCT (3),
// BENCH_VARIANTS (comma-separated variant names: measure only those).
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { envInt, machine, median, range, type Summary, summarize, table, times, us } from "../stats.js";
import type { RunResult } from "./run.js";
import {
  CLIENT,
  FETCH_BARE,
  FETCH_SIGNAL_TIMEOUT,
  FETCH_TIMER,
  NODE_HTTP,
  OPENAPI_FETCH,
  OPENAPI_FETCH_TIMER,
} from "./variants.js";

/** The ratios printed: numerator, denominator, goal (≤) if the issue sets one, and what it answers. */
const RATIOS: readonly (readonly [string, string, number | undefined, string])[] = [
  [CLIENT, OPENAPI_FETCH_TIMER, 1.03, "the client's own cost on openapi-fetch (fair: same call, same deadline)"],
  [
    CLIENT,
    FETCH_TIMER,
    undefined,
    "vs fetch with the same deadline (the goal before the client went through openapi-fetch)",
  ],
  [CLIENT, OPENAPI_FETCH, undefined, "vs openapi-fetch used directly (no deadline)"],
  [OPENAPI_FETCH_TIMER, FETCH_TIMER, undefined, "openapi-fetch's own cost, both with the deadline"],
  [CLIENT, FETCH_BARE, undefined, "everything, deadline included"],
  [FETCH_TIMER, FETCH_BARE, undefined, "cost of a per-call deadline (timer)"],
  [FETCH_SIGNAL_TIMEOUT, FETCH_TIMER, undefined, "AbortSignal.timeout vs controller + timer"],
  [OPENAPI_FETCH, FETCH_BARE, undefined, "openapi-fetch's own cost"],
  [NODE_HTTP, FETCH_BARE, undefined, "the floor: node:http vs fetch"],
  [NODE_HTTP, CLIENT, undefined, "the floor vs the client"],
];

async function oneRun(): Promise<RunResult> {
  const runner = fileURLToPath(new URL("./run.js", import.meta.url));
  const child = fork(runner, ["--run"], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  return new Promise((resolve, reject) => {
    let result: RunResult | undefined;
    child.on("message", (m) => {
      result = m as RunResult;
    });
    child.on("exit", (code) => (result ? resolve(result) : reject(new Error(`a benchmark run failed (exit ${code})`))));
  });
}

/** Per round, numerator time / denominator time: paired, so drift between rounds cancels. */
function pairedRatios(run: RunResult, num: string, den: string): number[] {
  const a = run.rounds[num] ?? [];
  const b = run.rounds[den] ?? [];
  return a.map((x, i) => x / (b[i] as number));
}

/** Across runs: the median of the run medians, their min–max, and the IQR of all rounds pooled. */
function acrossRuns(perRun: readonly number[][]): { mid: number; runs: Summary; pooled: Summary } {
  const runs = summarize(perRun.map(median));
  return { mid: runs.median, runs, pooled: summarize(perRun.flat()) };
}

function verdict(goal: number, runs: Summary): string {
  if (runs.max <= goal) return `goal ≤ ${goal.toFixed(2)}×: met in every run`;
  if (runs.median <= goal) return `goal ≤ ${goal.toFixed(2)}×: met on the median (some runs over)`;
  if (runs.min <= goal) return `goal ≤ ${goal.toFixed(2)}×: NOT met on the median (some runs under)`;
  return `goal ≤ ${goal.toFixed(2)}×: NOT met in any run`;
}

function report(results: readonly RunResult[]): string {
  const names = Object.keys(results[0]?.rounds ?? {});
  const variantRows = names.map((name) => {
    const { mid, runs, pooled } = acrossRuns(results.map((r) => r.rounds[name] ?? []));
    return [name, us(mid), range(runs.min, runs.max, us), range(pooled.q1, pooled.q3, us)];
  });
  const ratioRows = RATIOS.filter(([num, den]) => names.includes(num) && names.includes(den)).map(
    ([num, den, goal, what]) => {
      const { mid, runs, pooled } = acrossRuns(results.map((r) => pairedRatios(r, num, den)));
      return [
        `${num} / ${den}`,
        times(mid),
        range(runs.min, runs.max, times),
        range(pooled.q1, pooled.q3, times),
        goal === undefined ? what : `${what}; ${verdict(goal, runs)}`,
      ];
    },
  );
  const warm = results.map((r) => `${r.warmupCalls}${r.stable ? "" : " (cap)"}`).join(", ");
  const r0 = results[0];
  return [
    machine(),
    `${results.length} runs (fresh processes) × ${r0?.rounds[CLIENT]?.length} interleaved rounds × ${r0?.roundSize} sequential calls per variant; warm-up calls per variant in each run: ${warm}`,
    "",
    table([["variant", "median/call", "runs min–max", "rounds IQR"], ...variantRows]),
    "",
    "Ratios per round (paired), median across runs:",
    table([["ratio", "median", "runs min–max", "rounds IQR", ""], ...ratioRows]),
  ].join("\n");
}

const runs = envInt(process.env, "BENCH_RUNS", 5);
const started = performance.now();
const results: RunResult[] = [];
for (let i = 0; i < runs; i++) {
  results.push(await oneRun());
  process.stderr.write(`run ${i + 1}/${runs} done (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
}
console.log(report(results));
