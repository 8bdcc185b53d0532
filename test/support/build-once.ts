// globalSetup of the unit project: the suite's one build of the package, the real `npm run build`
// (type-checked tsc, the bin made executable, Redocly's bundle) in a copy of the repository's
// tracked files (as they are in the work tree; node_modules linked) at build/test-package/: laid
// out as an installed package, so the CLI finds its version and its own contracts. The tests that
// need the built package (the clone and pack tests, the CLI and verify as processes) wait for it
// with `builtDist()` (test/support/built.ts) and copy or run it instead of building it again.
//
// It runs in the background: the tests that need no build start at once, instead of waiting the
// build's seconds of tsc. A run that ends before the build does (a few unrelated files) stops it.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { cpSync, mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { TestProject } from "vitest/node";

/** Where the build is, and where its verdict appears when it ends. */
export interface SuiteBuild {
  /** build/test-package/dist: what `npm run build` puts in dist/. */
  readonly dist: string;
  /** A JSON file written when the build has ended: `{ ok, output }` (its output when it failed). */
  readonly verdict: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    /** The suite's build; wait for it with builtDist() (test/support/built.ts). */
    suiteBuild: SuiteBuild;
  }
}

const root = resolve(import.meta.dirname, "../..");
/** Far beyond a loaded 2-core machine's build (about 10 s idle): a build still running is stuck. */
const BUILD_TIMEOUT_MS = 300_000;

/** A copy of what a clone of the repository has: its tracked files (tests aside), node_modules linked. */
function cloneInto(pkg: string): void {
  const tracked = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: root,
    encoding: "utf8",
  })
    .split("\0")
    .filter((f) => f !== "" && !f.startsWith("test/"));
  for (const file of tracked) {
    mkdirSync(dirname(resolve(pkg, file)), { recursive: true });
    try {
      cpSync(resolve(root, file), resolve(pkg, file));
    } catch {
      // Deleted in the work tree but not yet from the index: a clone would not have it either.
    }
  }
  symlinkSync(resolve(root, "node_modules"), resolve(pkg, "node_modules"));
}

export default function buildOnce(project: TestProject): () => Promise<void> {
  const pkg = resolve(root, "build/test-package");
  const build: SuiteBuild = { dist: resolve(pkg, "dist"), verdict: resolve(root, "build/test-package.verdict.json") };
  rmSync(pkg, { recursive: true, force: true });
  rmSync(build.verdict, { force: true });
  cloneInto(pkg);
  const env = { ...process.env, REDOCLY_SUPPRESS_NOTIFICATIONS: "true", REDOCLY_TELEMETRY: "off" };
  // A process group of its own, so that stopping it stops tsc and Redocly too.
  const child: ChildProcess = spawn("npm", ["run", "build", "--silent"], {
    cwd: pkg,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString("utf8")));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString("utf8")));
  let over = false;
  const stop = () => {
    if (over) return;
    try {
      if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    } catch {
      // Gone already.
    }
  };
  const timer = setTimeout(() => {
    output += `\n(stopped after ${BUILD_TIMEOUT_MS / 1000} s)`;
    stop();
  }, BUILD_TIMEOUT_MS);
  const ended = new Promise<void>((done) => {
    const finish = (ok: boolean) => {
      if (over) return;
      over = true;
      clearTimeout(timer);
      // Written whole, then renamed: a test never reads half a verdict.
      writeFileSync(`${build.verdict}.part`, JSON.stringify({ ok, output }));
      renameSync(`${build.verdict}.part`, build.verdict);
      done();
    };
    child.once("error", (error) => {
      output += `${error.message}\n`;
      finish(false);
    });
    child.once("close", (code) => finish(code === 0));
  });
  project.provide("suiteBuild", build);
  return async () => {
    stop();
    await ended;
    rmSync(pkg, { recursive: true, force: true });
    rmSync(build.verdict, { force: true });
  };
}
