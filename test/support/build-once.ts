// globalSetup of the unit project: builds src/ once, as `npm run build` does (minus the type
// check, which `npm run check` does), into build/test-package/dist/, beside links to the
// repository's package.json and contracts/: laid out as an installed package, so the CLI finds
// its version and its own contracts. The tests that need the built package (the packed package,
// the CLI and verify as processes) copy or run it, instead of building it again each.
import { execFile } from "node:child_process";
import { chmodSync, mkdirSync, rmSync, symlinkSync } from "node:fs";
import { resolve } from "node:path";
import { promisify } from "node:util";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** build/test-package/dist: what `npm run build` puts in dist/. */
    builtDist: string;
  }
}

const root = resolve(import.meta.dirname, "../..");
const run = promisify(execFile);

export default async function buildOnce(project: TestProject): Promise<() => void> {
  const pkg = resolve(root, "build/test-package");
  const out = resolve(pkg, "dist");
  rmSync(pkg, { recursive: true, force: true });
  mkdirSync(pkg, { recursive: true });
  for (const entry of ["package.json", "contracts", "openapi"]) symlinkSync(resolve(root, entry), resolve(pkg, entry));
  const env = { ...process.env, REDOCLY_SUPPRESS_NOTIFICATIONS: "true", REDOCLY_TELEMETRY: "off" };
  await Promise.all([
    run(
      process.execPath,
      [resolve(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json", "--noCheck", "--outDir", out],
      { cwd: root },
    ),
    run(resolve(root, "node_modules/.bin/redocly"), ["bundle", "main", "-o", resolve(out, "openapi.yaml")], {
      cwd: root,
      env,
    }),
  ]);
  chmodSync(resolve(out, "cli/index.js"), 0o755); // as `npm run build` does (the bin)
  project.provide("builtDist", out);
  return () => rmSync(pkg, { recursive: true, force: true });
}
