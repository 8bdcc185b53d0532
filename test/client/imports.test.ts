/**
 * The root export loads openapi-fetch and nothing else: a team that only deletes connections
 * must not pull in Pact, the stand-in, the CLI, or Node-only modules (the client runs wherever
 * fetch does). The packed package is checked end to end in test/package/.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";

const clientDir = path.resolve(import.meta.dirname, "../../src/client");

/** Every module specifier a file imports or re-exports, including dynamic imports. */
function specifiers(source: string): { spec: string; typeOnly: boolean }[] {
  const found: { spec: string; typeOnly: boolean }[] = [];
  for (const m of source.matchAll(/^\s*(import|export)\s+(type\s+)?[^;]*?\bfrom\s+"([^"]+)"/gms)) {
    found.push({ spec: m[3] as string, typeOnly: m[2] !== undefined });
  }
  for (const m of source.matchAll(/\bimport\s*\(\s*["'`]([^"'`]+)/g))
    found.push({ spec: m[1] as string, typeOnly: false });
  return found;
}

describe("src/client imports", () => {
  it("only openapi-fetch, its own files and (types only) the generated types", async () => {
    const files = (await readdir(clientDir, { recursive: true })).filter((f) => f.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(3);
    const bad: string[] = [];
    for (const file of files) {
      const source = await readFile(path.join(clientDir, file), "utf8");
      for (const { spec, typeOnly } of specifiers(source)) {
        const resolved = spec.startsWith(".") ? path.resolve(clientDir, path.dirname(file), spec) : spec;
        const ok =
          spec === "openapi-fetch" ||
          (spec.startsWith(".") && resolved.startsWith(clientDir + path.sep)) ||
          (typeOnly && resolved === path.resolve(clientDir, "../generated/openapi.js"));
        if (!ok) bad.push(`${file}: ${spec}${typeOnly ? " (type)" : ""}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("the check itself sees a forbidden import", () => {
    expect(
      specifiers(
        'import { x } from "@pact-foundation/pact";\nexport * from "../provider/index.js";\nawait import("node:http")',
      ).map((s) => s.spec),
    ).toEqual(["@pact-foundation/pact", "../provider/index.js", "node:http"]);
  });
});
