/**
 * Dependencies point down the flow only: cli → verify → provider/client → rules → generated.
 * Each stage may import only what this table allows, so the client a team imports never loads
 * Pact, the stand-in, the CLI or Node-only modules, and nothing below the CLI reads argv.
 * The packed package is checked end to end in test/package/.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";

const src = path.resolve(import.meta.dirname, "../../src");

interface Import {
  spec: string;
  typeOnly: boolean;
  dynamic: boolean;
}

/** Every module specifier a file imports or re-exports, including dynamic imports. */
function specifiers(source: string): Import[] {
  const found: Import[] = [];
  for (const m of source.matchAll(/^\s*(import|export)\s+(type\s+)?[^;]*?\bfrom\s+"([^"]+)"/gms)) {
    found.push({ spec: m[3] as string, typeOnly: m[2] !== undefined, dynamic: false });
  }
  for (const m of source.matchAll(/\bimport\s*\(\s*["'`]([^"'`]+)/g)) {
    found.push({ spec: m[1] as string, typeOnly: false, dynamic: true });
  }
  return found;
}

type Stage = "generated" | "rules" | "client" | "provider" | "verify" | "cli";

/** What a stage may import: other stages (by folder), and packages or node: builtins by pattern. */
const ALLOWED: Record<
  Stage,
  { stages: Stage[]; typeOnlyStages?: Stage[]; packages: RegExp; dynamicPackages?: RegExp }
> = {
  generated: { stages: [], packages: /^$/ },
  rules: { stages: [], typeOnlyStages: ["generated"], packages: /^$/ },
  client: { stages: ["rules"], typeOnlyStages: ["generated"], packages: /^openapi-fetch$/ },
  // generated: the bundled spec (openapi.json) it publishes and picks `Prefer` answers from.
  provider: { stages: ["rules", "generated"], packages: /^node:/ },
  verify: {
    // generated: the bundled spec (openapi.json) its conformance check reads.
    stages: ["rules", "client", "provider", "generated"],
    packages: /^node:/,
    // Optional peers, loaded only when a verification runs.
    dynamicPackages: /^(@pact-foundation\/pact-core|ajv(\/.*)?|yaml)$/,
  },
  cli: {
    stages: ["rules", "client", "provider", "verify"],
    typeOnlyStages: ["generated"],
    // undici: the proxies' transport (transport.ts), the CLI's only; the client and verify never load it.
    packages: /^(node:.*|undici)$/,
  },
};

/** Lists the imports a stage is not allowed to make, as "file: specifier". */
async function violations(stage: Stage): Promise<string[]> {
  const dir = path.join(src, stage);
  const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith(".ts"));
  const rule = ALLOWED[stage];
  const bad: string[] = [];
  for (const file of files) {
    const source = await readFile(path.join(dir, file), "utf8");
    for (const { spec, typeOnly, dynamic } of specifiers(source)) {
      let ok: boolean;
      if (spec.startsWith(".")) {
        const target = path.relative(src, path.resolve(dir, path.dirname(file), spec)).split(path.sep)[0] as Stage;
        ok =
          target === stage ||
          rule.stages.includes(target) ||
          (typeOnly && (rule.typeOnlyStages ?? []).includes(target));
      } else {
        ok = rule.packages.test(spec) || (dynamic && (rule.dynamicPackages?.test(spec) ?? false));
      }
      if (!ok) bad.push(`${stage}/${file}: ${spec}${typeOnly ? " (type)" : ""}${dynamic ? " (dynamic)" : ""}`);
    }
  }
  return bad;
}

describe("imports follow the flow", () => {
  for (const stage of Object.keys(ALLOWED) as Stage[]) {
    it(`src/${stage} imports only what its stage may`, async () => {
      expect(await violations(stage)).toEqual([]);
    });
  }

  it("every folder under src/ is a known stage", async () => {
    const folders = (await readdir(src, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
    expect(folders.sort()).toEqual(Object.keys(ALLOWED).sort());
  });

  it("the check itself sees forbidden imports", () => {
    expect(
      specifiers(
        'import { x } from "@pact-foundation/pact";\nexport * from "../provider/index.js";\nawait import("node:http")',
      ).map((s) => s.spec),
    ).toEqual(["@pact-foundation/pact", "../provider/index.js", "node:http"]);
  });
});
