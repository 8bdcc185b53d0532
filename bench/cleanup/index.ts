// `npm run bench:cleanup`: `cleanup` (the built CLI in dist/, as a child process) on a project of
// 50,000 realistic connections (bench/cleanup/connections.ts) among which FIXTURES fixtures hide,
// served by the stand-in in this process with its limits raised. Measures, per run, the wall time
// from spawn to exit and the child's peak resident memory (maxRSS, read in the child at exit);
// and the same on an empty project, for the baseline of a Node process running the CLI.
// See bench/README.md ("Cleanup of a large project").
//
// Environment: BENCH_RUNS (default 5), BENCH_CONNECTIONS (50000), BENCH_FIXTURES (20).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomToken, serve } from "../../src/provider/index.js";
import { fixtureBody } from "../../src/verify/server/admin.js";
import { envInt, machine, range, secs, summarize, table } from "../stats.js";
import { realisticConnection } from "./connections.js";

const ROOT = path.resolve(import.meta.dirname, "../../../..");
const CLI = path.join(ROOT, "dist/cli/index.js");
const PROJECT = "MyProject";

/** POSTs `bodies` to the stand-in, `parallel` at a time. */
async function createAll(url: string, token: string, bodies: Record<string, unknown>[], parallel = 16): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++] as Record<string, unknown>;
      const res = await fetch(`${url}/apiops/projects/${PROJECT}/connections/${String(body["name"])}/`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      await res.arrayBuffer();
      if (res.status >= 300) throw new Error(`Create answered ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

/** Runs `cleanup` as a child; resolves with its wall time, peak RSS and JSON report. */
async function runCleanup(
  url: string,
  token: string,
): Promise<{ ms: number; rssKiB: number; report: { removed: string[]; outcome: string } }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "apinizer-bench-cleanup-"));
  const rssFile = path.join(dir, "rss");
  // Written by the child itself as it exits: its own peak, not this process's.
  const hook =
    `data:text/javascript,process.on("exit",()=>require("node:fs").writeFileSync(${JSON.stringify(rssFile)},String(process.resourceUsage().maxRSS)))`.replace(
      'require("node:fs")',
      'process.getBuiltinModule("node:fs")',
    );
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ["--import", hook, CLI, "cleanup", "--base-url", url, "--project", PROJECT, "--json", "--timeout", "120"],
    {
      env: { ...process.env, APINIZER_TOKEN: token },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let out = "";
  let err = "";
  child.stdout.on("data", (c: Buffer) => (out += c));
  child.stderr.on("data", (c: Buffer) => (err += c));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  const ms = performance.now() - started;
  try {
    if (code !== 0) throw new Error(`cleanup exited ${code}: ${err}${out}`);
    return { ms, rssKiB: Number(readFileSync(rssFile, "utf8")), report: JSON.parse(out) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const runs = envInt(process.env, "BENCH_RUNS", 5);
const connections = envInt(process.env, "BENCH_CONNECTIONS", 50_000);
const fixtures = envInt(process.env, "BENCH_FIXTURES", 20);
const token = randomToken();
const standIn = await serve({
  token,
  projects: [PROJECT],
  maxConnections: connections + fixtures + 100,
  maxStoredBytes: 1024 * 1024 * 1024,
});
try {
  console.log(machine());
  const empty = await runCleanup(standIn.url, token);
  console.log(`empty project: ${secs(empty.ms)}, peak RSS ${(empty.rssKiB / 1024).toFixed(0)} MiB`);
  const seeded = performance.now();
  // Every connection an email one: cleanup lists `?type=email`, the type of every fixture.
  await createAll(
    standIn.url,
    token,
    Array.from({ length: connections }, (_, i) => ({ ...realisticConnection(i), type: "email" })),
  );
  const listBytes = JSON.stringify(standIn.connections(PROJECT)).length;
  console.log(
    `seeded ${connections} connections in ${secs(performance.now() - seeded)} (List body ≈ ${(listBytes / 1024 / 1024).toFixed(1)} MiB)`,
  );
  const ms: number[] = [];
  const rss: number[] = [];
  for (let r = 0; r < runs; r++) {
    const names = Array.from(
      { length: fixtures },
      (_, i) => `act-verify-0000000000${String(r).padStart(2, "0")}-${i + 1}`,
    );
    await createAll(
      standIn.url,
      token,
      names.map((n) => fixtureBody(n, "bench")),
    );
    const result = await runCleanup(standIn.url, token);
    if (result.report.removed.length !== fixtures)
      throw new Error(`removed ${result.report.removed.length} of ${fixtures}`);
    if ((standIn.connections(PROJECT)?.length ?? 0) !== connections)
      throw new Error("a connection other than a fixture went missing");
    ms.push(result.ms);
    rss.push(result.rssKiB / 1024);
    console.log(
      `run ${r + 1}: ${secs(result.ms)}, peak RSS ${(result.rssKiB / 1024).toFixed(0)} MiB, removed ${fixtures}`,
    );
  }
  const t = summarize(ms);
  const m = summarize(rss);
  console.log(
    table([
      ["measure", "median", "IQR", "min–max", "runs"],
      ["wall time", secs(t.median), range(t.q1, t.q3, secs), range(t.min, t.max, secs), String(t.n)],
      [
        "peak RSS (MiB)",
        m.median.toFixed(0),
        range(m.q1, m.q3, (x) => x.toFixed(0)),
        range(m.min, m.max, (x) => x.toFixed(0)),
        String(m.n),
      ],
    ]),
  );
} finally {
  await standIn.close();
}
