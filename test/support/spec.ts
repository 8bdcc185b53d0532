// Test helpers around the spec: run the repo's own tools (Redocly, openapi-typescript) on the
// real spec or on a copy with one deliberate defect, so a check can be shown to fail.
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

export const repoRoot = resolve(import.meta.dirname, "../..");
const bin = (name: string) => join(repoRoot, "node_modules/.bin", name);
const run = promisify(execFile);

export interface ToolRun {
  code: number;
  /** stdout then stderr. */
  output: string;
  stdout: string;
}

/** Runs one of the repo's tools in `cwd`; never throws for a non-zero exit. */
export async function tool(name: string, args: string[], cwd = repoRoot): Promise<ToolRun> {
  const env = { ...process.env, REDOCLY_SUPPRESS_NOTIFICATIONS: "true", REDOCLY_TELEMETRY: "off", NO_COLOR: "1" };
  try {
    const { stdout, stderr } = await run(bin(name), args, { cwd, env });
    return { code: 0, output: stdout + stderr, stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof failed.code === "number" ? failed.code : 1,
      output: `${failed.stdout ?? ""}${failed.stderr ?? ""}`,
      stdout: failed.stdout ?? "",
    };
  }
}

/** A throw-away copy of the spec, its Redocly config and the generated types. */
export function specCopy(): {
  dir: string;
  edit: (file: string, from: string | RegExp, to: string) => void;
  cleanup: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), "apinizer-spec-"));
  for (const path of ["openapi", "redocly.yaml", "src/generated"])
    cpSync(join(repoRoot, path), join(dir, path), { recursive: true });
  return {
    dir,
    edit(file, from, to) {
      const path = join(dir, file);
      const before = readFileSync(path, "utf8");
      const after = before.replace(from, to);
      if (after === before) throw new Error(`the defect did not apply: ${String(from)} not found in ${file}`);
      writeFileSync(path, after);
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

// biome-ignore lint/suspicious/noExplicitAny: a parsed OpenAPI or pact document, walked freely by tests
export type Spec = Record<string, any>;

/**
 * The spec as one dereferenced JSON document. For the repository's own spec, the committed
 * bundle `src/generated/openapi.json` (test/spec/generated-types.test.ts keeps it current);
 * for a copy (`root`), bundled by Redocly.
 */
export async function bundledSpec(root = repoRoot): Promise<Spec> {
  if (root === repoRoot) return JSON.parse(readFileSync(join(repoRoot, "src/generated/openapi.json"), "utf8")) as Spec;
  return bundleWithRedocly(root);
}

/** The spec at `root` bundled by Redocly into one dereferenced JSON document, as `npm run generate` does. */
export async function bundleWithRedocly(root: string): Promise<Spec> {
  const dir = mkdtempSync(join(tmpdir(), "apinizer-bundle-"));
  try {
    const out = join(dir, "openapi.json");
    const result = await tool("redocly", ["bundle", "main", "--dereferenced", "--ext", "json", "-o", out], root);
    if (result.code !== 0) throw new Error(`redocly bundle failed:\n${result.output}`);
    return JSON.parse(readFileSync(out, "utf8")) as Spec;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
