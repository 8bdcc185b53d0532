// `verify` as a real process: everything it and the native Pact Verifier print goes through the
// process's stdout/stderr, which only a child process lets a test read completely. Shows the token
// never appears anywhere, and that Ctrl-C (SIGINT) still removes the run's fixtures.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { resolve } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StandInBehaviour, serve } from "../../src/provider/index.js";
import { pactPath } from "./support/harness.js";

const root = resolve(import.meta.dirname, "../..");
// Inside the repository (build/ is ignored) so that the child resolves node_modules.
const outDir = resolve(root, `build/verify-process-test-${randomBytes(4).toString("hex")}`);
const TOKEN = `DISTINCTIVE-${randomBytes(12).toString("hex")}-TOKEN`;

beforeAll(() => {
  // Compile just the command and what it imports (the stand-in, the verifier) to plain JS.
  const tsc = resolve(root, "node_modules/typescript/bin/tsc");
  const r = spawnSync(
    process.execPath,
    [
      tsc,
      "--outDir",
      outDir,
      "--rootDir",
      resolve(root, "src"),
      "--module",
      "nodenext",
      "--moduleResolution",
      "nodenext",
      "--target",
      "es2022",
      "--skipLibCheck",
      "--types",
      "node",
      "--strict",
      "--noCheck",
      resolve(root, "src/cli/verify.ts"),
      resolve(root, "src/cli/serve.ts"),
    ],
    { encoding: "utf8" },
  );
  if (!existsSync(resolve(outDir, "cli/verify.js"))) throw new Error(`tsc failed: ${r.stdout}${r.stderr}`);
}, 90_000);
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

function verifyProcess(args: string[], onStdout?: (all: string) => void) {
  const child = spawn(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      "const m = await import(process.argv[1]); process.exitCode = await m.run(process.argv.slice(2));",
      resolve(outDir, "cli/verify.js"),
      ...args,
    ],
    {
      env: { PATH: process.env["PATH"] ?? "", APINIZER_TOKEN: TOKEN, PACT_DO_NOT_TRACK: "true" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => {
    stdout += d.toString();
    onStdout?.(stdout);
  });
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((res) =>
    child.on("close", (code) => res({ code, stdout, stderr })),
  );
  return { child, done };
}

async function withStandIn<T>(behaviour: StandInBehaviour, body: (s: Awaited<ReturnType<typeof serve>>) => Promise<T>) {
  const s = await serve({ token: TOKEN, behaviour });
  try {
    return await body(s);
  } finally {
    await s.close();
  }
}

describe("what loads Pact", () => {
  it("the stand-in and `serve` run where Pact cannot even be found", () => {
    // Outside the repository no node_modules is reachable: an import of Pact would fail.
    const lonely = resolve(tmpdir(), `apinizer-no-pact-${randomBytes(4).toString("hex")}`);
    try {
      for (const d of ["provider", "cli", "verify", "generated"]) mkdirSync(resolve(lonely, d), { recursive: true });
      for (const f of [
        "provider/index.js",
        "provider/server.js",
        "provider/types.js",
        "cli/serve.js",
        "cli/args.js",
        "cli/io.js",
      ]) {
        copyFileSync(resolve(outDir, f), resolve(lonely, f));
      }
      writeFileSync(resolve(lonely, "package.json"), '{"type":"module"}');
      const code = `
        const { serve } = await import(${JSON.stringify(resolve(lonely, "provider/index.js"))});
        const s = await serve();
        const r = await fetch(s.url + "/apiops/test/healthcheck");
        await s.close();
        const { run } = await import(${JSON.stringify(resolve(lonely, "cli/serve.js"))});
        const help = await run(["--help"], { stdout() {}, stderr() {}, env: {} });
        console.log(r.status, await r.text(), help);`;
      const r = spawnSync(process.execPath, ["--input-type=module", "-e", code], { cwd: lonely, encoding: "utf8" });
      expect(r.stderr).toBe("");
      expect(r.stdout.trim()).toBe("200 OK 0");
    } finally {
      rmSync(lonely, { recursive: true, force: true });
    }
  });
});

describe("verify as a process", () => {
  it("never prints the token: not in the report, the Pact output, the logs or the JUnit file", async () => {
    const junit = resolve(outDir, "junit.xml");
    // A failing server (auth not enforced, HTML errors) makes the most output.
    const result = await withStandIn(
      {
        enforceAuth: false,
        reply: (_reply, ctx) =>
          ctx.outcome === "project-not-found"
            ? { status: 404, headers: { "content-type": "text/html" }, body: "<h1>nope</h1>" }
            : undefined,
      },
      (s) => verifyProcess(["--base-url", s.url, "--project", "MyProject", "--pact", pactPath, "--junit", junit]).done,
    );
    expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(result.stdout).toMatch(/^NOT VERIFIED: /m);
    expect(result.stdout).toContain("Verifying a pact between"); // the native verifier's own output is here too
    const xml = readFileSync(junit, "utf8");
    expect(xml).toMatch(
      /<failure message="connection act-verify-\S+ was deleted although the request carried an invalid token"[^>]*>given: [^<]*\nconnection [^<]*\nstatus: expected 401, actual 200/,
    );
    for (const text of [result.stdout, result.stderr, xml]) expect(text).not.toContain(TOKEN);
  }, 60_000);

  it("never prints the token when the server echoes it back in answers that fail", async () => {
    // The native verifier prints the actual bodies and headers of failures itself.
    const echo = `Bearer ${TOKEN}`;
    const result = await withStandIn(
      {
        reply: (reply, ctx) =>
          ctx.operation === "delete"
            ? {
                ...reply,
                headers: { ...reply.headers, "x-echo": echo },
                body: { success: "no", echo, error_description: echo },
              }
            : undefined,
      },
      (s) => verifyProcess(["--base-url", s.url, "--project", "MyProject", "--pact", pactPath]).done,
    );
    expect(result.code, result.stdout + result.stderr).toBe(1);
    // The native verifier's failure diff is there, with the token redacted before it saw it.
    expect(stripVTControlCharacters(result.stdout)).toContain("$.error_description -> Expected 'Bearer ***' to match");
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
  }, 60_000);

  it("on Ctrl-C (SIGINT) stops sending, deletes the fixtures it created, and exits 130", async () => {
    await withStandIn({ delayMs: 150 }, async (s) => {
      const { child, done } = verifyProcess(["--base-url", s.url, "--project", "MyProject", "--pact", pactPath]);
      // Interrupt as soon as the first fixture exists.
      for (let i = 0; i < 400 && (s.connections("MyProject")?.length ?? 0) === 0; i++)
        await new Promise((r) => setTimeout(r, 10));
      expect(s.connections("MyProject")?.length).toBeGreaterThan(0);
      child.kill("SIGINT");
      const result = await done;
      expect(result.code, result.stdout + result.stderr).toBe(130);
      expect(result.stdout).toMatch(/interrupted/);
      expect(s.connections("MyProject")).toEqual([]);
      expect(result.stdout + result.stderr).not.toContain(TOKEN);
    });
  }, 60_000);
});
