// globalSetup of the unit project: builds src/ once, as `npm run build` does (minus the type
// check, which `npm run check` does), into build/test-dist/: the compiled package and its
// single-file spec. The tests that need the built package (the packed package, verify as a
// process) copy or use it, instead of building it again each.
import { execFile } from "node:child_process";
import { rmSync } from "node:fs";
import { resolve } from "node:path";
import { promisify } from "node:util";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** build/test-dist: what `npm run build` puts in dist/. */
    builtDist: string;
  }
}

const root = resolve(import.meta.dirname, "../..");
const run = promisify(execFile);

export default async function buildOnce(project: TestProject): Promise<() => void> {
  const out = resolve(root, "build/test-dist");
  rmSync(out, { recursive: true, force: true });
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
  project.provide("builtDist", out);
  return () => rmSync(out, { recursive: true, force: true });
}
