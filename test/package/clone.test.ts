/**
 * From a clone: `npm run build` (the real script, in a copy of the repository's tracked files with
 * node_modules linked) leaves the bin executable, and `npx apinizer-connections` runs it, as the
 * README says. Costs one full build (a type-checked tsc and a Redocly bundle).
 */
import { execFile, execFileSync } from "node:child_process";
import { cp, mkdir, mkdtemp, rm, stat, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import pkg from "../../package.json" with { type: "json" };

const repo = path.resolve(import.meta.dirname, "../..");
let work: string | undefined;
afterAll(async () => {
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

function run(file: string, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === "number" ? error.code : 1, stdout, stderr });
    });
  });
}

it("npm run build keeps the bin executable, and npx apinizer-connections runs it", async () => {
  work = await mkdtemp(path.join(tmpdir(), "apinizer-clone-"));
  // What a clone has: the tracked files (as they are now in the work tree), and the installed node_modules.
  const tracked = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: repo,
    encoding: "utf8",
  })
    .split("\0")
    .filter((f) => f !== "" && !f.startsWith("contracts/") && !f.startsWith("test/"));
  await Promise.all(
    tracked.map(async (file) => {
      await mkdir(path.join(work as string, path.dirname(file)), { recursive: true });
      await cp(path.join(repo, file), path.join(work as string, file)).catch(() => {});
    }),
  );
  await symlink(path.join(repo, "node_modules"), path.join(work, "node_modules"));

  const build = await run("npm", ["run", "build", "--silent"], work);
  expect(build.code, build.stderr).toBe(0);
  // Checked before npx runs it: a recent npm marks a local bin executable itself, an older one does not.
  const mode = (await stat(path.join(work, "dist/cli/index.js"))).mode;
  expect((mode & 0o111).toString(8)).toBe("111");
  const version = await run("npx", ["--no-install", "apinizer-connections", "--version"], work);
  expect(version).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  const help = await run("npx", ["--no-install", "apinizer-connections", "--help"], work);
  expect(help.code).toBe(0);
  expect(help.stdout).toMatch(/^Usage: apinizer-connections <command>/);
}, 180_000);
