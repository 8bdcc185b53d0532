// `npm run bench:delete`: `delete --from - --json` of N connection names (default 500) against
// the stand-in with a delay per request (a slow server), at several --concurrency values
// (default 1, 4, 8, 16), interleaved over several runs. Each measurement gets a fresh stand-in
// seeded with the N connections, in this process, and times the built CLI (dist/, a child
// process) from start to exit, the names written to its stdin. A run that does not delete every
// connection, or prints other than one JSON line per name and a summary, throws: a benchmark
// that stops doing the work must fail, not get faster. Numbers: bench/README.md.
//
// Environment: BENCH_NAMES (500), BENCH_DELAY_MS (20), BENCH_RUNS (3), BENCH_CONCURRENCY ("1,4,8,16").
import { spawn } from "node:child_process";
import path from "node:path";
import { randomToken, serve } from "../../src/provider/index.js";
import { envInt, machine, secs, summarize, table, times } from "../stats.js";

// Compiled to build/bench-delete/bench/delete/: the repository is four folders up.
const ROOT = path.resolve(import.meta.dirname, "../../../..");
const CLI = path.join(ROOT, "dist/cli/index.js");
const PROJECT = "Bench";

/** One delete of every name at `concurrency`; the wall time from spawn to exit, in ms. */
async function measure(names: readonly string[], delayMs: number, concurrency: number): Promise<number> {
  const token = randomToken();
  const standIn = await serve({
    token,
    projects: [PROJECT],
    connections: names.map((connectionName) => ({ connectionName })),
    maxConnections: names.length + 10,
    behaviour: { delayMs },
  });
  try {
    const args = [CLI, "delete", "--project", PROJECT, "--from", "-", "--json", "--concurrency", String(concurrency)];
    const env = { ...process.env, APINIZER_TOKEN: token, APINIZER_BASE_URL: standIn.url };
    const t0 = performance.now();
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
      (resolve, reject) => {
        const child = spawn(process.execPath, args, { env, stdio: ["pipe", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("error", reject);
        child.on("close", (exit) => resolve({ code: exit, stdout, stderr }));
        child.stdin.end(`${names.join("\n")}\n`);
      },
    );
    const ms = performance.now() - t0;
    const lines = stdout.trim().split("\n");
    const left = standIn.connections(PROJECT)?.length;
    if (code !== 0 || lines.length !== names.length + 1 || left !== 0) {
      throw new Error(`concurrency ${concurrency}: exit ${code}, ${lines.length} lines, ${left} left\n${stderr}`);
    }
    return ms;
  } finally {
    await standIn.close();
  }
}

async function main(): Promise<void> {
  const count = envInt(process.env, "BENCH_NAMES", 500);
  const delayMs = envInt(process.env, "BENCH_DELAY_MS", 20, 0);
  const runs = envInt(process.env, "BENCH_RUNS", 3);
  const levels = (process.env["BENCH_CONCURRENCY"] ?? "1,4,8,16").split(",").map(Number);
  const names = Array.from({ length: count }, (_, i) => `bench-${String(i).padStart(4, "0")}`);
  console.log(machine());
  console.log(`${count} names, ${delayMs} ms per request, ${runs} runs, concurrency ${levels.join(", ")}`);
  const samples = new Map<number, number[]>(levels.map((c) => [c, []]));
  for (let run = 0; run < runs; run++) {
    // A new order each run, so no level always runs first (on a cold machine) or last.
    const order = [...levels].sort(() => Math.random() - 0.5);
    for (const concurrency of order) {
      const ms = await measure(names, delayMs, concurrency);
      samples.get(concurrency)?.push(ms);
      console.log(`  run ${run + 1}, concurrency ${concurrency}: ${secs(ms)}`);
    }
  }
  const serial = summarize(samples.get(levels[0] ?? 1) ?? []).median;
  const rows = [["concurrency", "median", "min", "max", "serial / this", "ideal"]];
  for (const concurrency of levels) {
    const s = summarize(samples.get(concurrency) ?? []);
    rows.push([
      String(concurrency),
      secs(s.median),
      secs(s.min),
      secs(s.max),
      times(serial / s.median),
      times(concurrency / (levels[0] ?? 1)),
    ]);
  }
  console.log(`\n${table(rows)}`);
  console.log(
    `\n(floor: ${count} × ${delayMs} ms = ${secs(count * delayMs)} serial; load average at the end: ${machine().split("load average ")[1]})`,
  );
}

await main();
