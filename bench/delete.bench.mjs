// `npm run bench`: per-call time of client.deleteConnection vs raw fetch, same local keep-alive
// server (a child process, so the server does not share this event loop), same run, interleaved
// rounds. Then the size of the client code, gzipped. Runs on the compiled client (build/bench).
//
// Environment: BENCH_CALLS (measured calls per variant, default 2000), BENCH_WARMUP (default 500).
import { fork } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const BODY = '{"success":true,"deploymentResult":{"success":true}}';

if (process.argv[2] === "--server") {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(BODY) });
      res.end(BODY);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1", () => process.send?.(server.address().port));
  process.on("disconnect", () => process.exit(0));
} else {
  await main();
}

async function main() {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const clientDir = path.resolve(here, "../build/bench/client");
  const { createConnectionsClient } = await import(path.join(clientDir, "index.js"));
  const calls = Number(process.env.BENCH_CALLS ?? 2000);
  const warmup = Number(process.env.BENCH_WARMUP ?? 500);
  const roundSize = 100;
  const rounds = Math.max(1, Math.round(calls / roundSize));

  const child = fork(fileURLToPath(import.meta.url), ["--server"], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const port = await new Promise((resolve) => child.once("message", resolve));
  const baseUrl = `http://127.0.0.1:${port}`;
  const token = "bench-token-0123456789abcdef";
  const url = `${baseUrl}/apiops/projects/MyProject/connections/my-email-connection/`;
  const headers = { Authorization: `Bearer ${token}` };

  const client = createConnectionsClient({ baseUrl, token });
  const variants = {
    "raw fetch": async () => {
      const res = await fetch(url, { method: "DELETE", headers });
      const body = await res.json();
      if (res.status !== 200 || body.success !== true) throw new Error("raw fetch: unexpected answer");
    },
    "raw fetch + timeout signal": async () => {
      const res = await fetch(url, { method: "DELETE", headers, signal: AbortSignal.timeout(30_000) });
      const body = await res.json();
      if (res.status !== 200 || body.success !== true) throw new Error("raw fetch: unexpected answer");
    },
    deleteConnection: async () => {
      const r = await client.deleteConnection({ projectName: "MyProject", connectionName: "my-email-connection" });
      if (!r.ok || !r.deleted) throw new Error(`client: ${JSON.stringify(r)}`);
    },
  };
  const names = Object.keys(variants);
  for (const name of names) for (let i = 0; i < warmup; i++) await variants[name]();

  const samples = Object.fromEntries(names.map((n) => [n, []]));
  const roundMeans = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < rounds; round++) {
    // Rotate the order each round so no variant always runs first (drift, GC, socket reuse).
    const order = names.map((_, i) => names[(i + round) % names.length]);
    for (const name of order) {
      const fn = variants[name];
      const t0 = performance.now();
      for (let i = 0; i < roundSize; i++) {
        const s = performance.now();
        await fn();
        samples[name].push(performance.now() - s);
      }
      roundMeans[name].push((performance.now() - t0) / roundSize);
    }
  }
  child.disconnect();

  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  };
  const us = (ms) => `${(ms * 1000).toFixed(1)} µs`;
  const base = median(samples["raw fetch"]);
  const baseRounds = median(roundMeans["raw fetch"]);
  console.log(
    `Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${os.platform()} ${os.arch()}`,
  );
  console.log(
    `${rounds} interleaved rounds × ${roundSize} sequential calls per variant (${rounds * roundSize} calls), ${warmup} warm-up calls each\n`,
  );
  console.log("variant                       median/call   ratio   median of round means   ratio");
  for (const name of names) {
    const m = median(samples[name]);
    const r = median(roundMeans[name]);
    console.log(
      `${name.padEnd(30)}${us(m).padStart(11)}   ${(m / base).toFixed(3)}x   ${us(r).padStart(21)}   ${(r / baseRounds).toFixed(3)}x`,
    );
  }
  const ratio = median(samples.deleteConnection) / base;
  const fair = median(samples.deleteConnection) / median(samples["raw fetch + timeout signal"]);
  console.log(
    `\ndeleteConnection / raw fetch (median per call): ${ratio.toFixed(3)}x  (goal <= 1.05x: ${ratio <= 1.05 ? "met" : "NOT met"})`,
  );
  console.log(`deleteConnection / raw fetch with a per-call timeout signal: ${fair.toFixed(3)}x`);

  // Size of the client code as published (compiled client; the package also ships the CLI etc.).
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir)) {
      const p = path.join(dir, entry);
      if (statSync(p).isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk(clientDir);
  const size = (filter) => {
    const chosen = files.filter(filter).sort();
    const raw = chosen.reduce((n, f) => n + statSync(f).size, 0);
    const gz = gzipSync(Buffer.concat(chosen.map((f) => readFileSync(f))), { level: 9 }).length;
    return `${chosen.length} files, ${(raw / 1024).toFixed(1)} KiB, ${(gz / 1024).toFixed(1)} KiB gzip`;
  };
  const fetchJs = path.resolve(here, "../node_modules/openapi-fetch/dist/index.mjs");
  console.log(`\nclient code (dist/client/*.js):    ${size((f) => f.endsWith(".js"))}`);
  console.log(`client types (dist/client/*.d.ts): ${size((f) => f.endsWith(".d.ts"))}`);
  console.log(
    `openapi-fetch (its only dependency): ${(gzipSync(readFileSync(fetchJs), { level: 9 }).length / 1024).toFixed(1)} KiB gzip`,
  );
}
