/**
 * From a clone: `npm run build` (the real script, in a copy of the repository's tracked files with
 * node_modules linked) leaves the bin executable, and `npx apinizer-connections` runs it, as the
 * README says. The build is the suite's own (test/support/build-once.ts runs exactly that); this
 * checks what it left, and fails with the build's output when the build failed.
 */
import { execFile } from "node:child_process";
import { stat } from "node:fs/promises";
import path from "node:path";
import { expect, it } from "vitest";
import pkg from "../../package.json" with { type: "json" };
import { builtDist } from "../support/built.js";

function run(file: string, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : 1, stdout, stderr });
    });
  });
}

it("npm run build keeps the bin executable, and npx apinizer-connections runs it", async () => {
  const work = path.dirname(await builtDist());
  // Checked before npx runs it: a recent npm marks a local bin executable itself, an older one does not.
  const mode = (await stat(path.join(work, "dist/cli/index.js"))).mode;
  expect((mode & 0o111).toString(8)).toBe("111");
  const [version, help] = await Promise.all([
    run("npx", ["--no-install", "apinizer-connections", "--version"], work),
    // The bin file itself (its shebang and mode), which npx ran above; npx costs 1-2 s of CPU a call.
    run(path.join(work, "dist/cli/index.js"), ["--help"], work),
  ]);
  expect(version).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  expect(help.code).toBe(0);
  expect(help.stdout).toMatch(/^Usage: apinizer-connections <command>/);
}, 300_000);
