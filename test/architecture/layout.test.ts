/**
 * The layout rules of issue 17: one door into verify, a top folder a newcomer can read, and one
 * meaning per exported name. Each rule is checked on src/ and shown to see a violation.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";

const src = path.resolve(import.meta.dirname, "../../src");

async function sources(dir: string): Promise<Map<string, string>> {
  const files = (await readdir(path.join(src, dir), { recursive: true })).filter((f) => f.endsWith(".ts"));
  const out = new Map<string, string>();
  for (const f of files.sort()) out.set(path.join(dir, f), await readFile(path.join(src, dir, f), "utf8"));
  return out;
}

/** Relative specifiers of a file that lead into src/verify but not to its door, index.ts. */
function pastTheDoor(file: string, source: string): string[] {
  const bad: string[] = [];
  for (const m of source.matchAll(/\bfrom\s+"(\.[^"]+)"|\bimport\s*\(\s*"(\.[^"]+)"/g)) {
    const spec = (m[1] ?? m[2]) as string;
    const target = path.relative(src, path.resolve(src, path.dirname(file), spec));
    if (target.startsWith(`verify${path.sep}`) && target !== path.join("verify", "index.js"))
      bad.push(`${file}: ${spec}`);
  }
  return bad;
}

/** Names a file exports as values or types: `export function|const|class|type|interface|enum NAME`. */
function exportedNames(source: string): string[] {
  return [
    ...source.matchAll(
      /^export\s+(?:declare\s+)?(?:async\s+)?(?:function\*?|const|let|class|type|interface|enum)\s+([A-Za-z_$][\w$]*)/gm,
    ),
  ].map((m) => m[1] as string);
}

/** Names exported by more than one file (command modules' `run` and `spec` aside), with their files. */
function duplicated(files: Map<string, string>): string[] {
  const homes = new Map<string, string[]>();
  for (const [file, source] of files) {
    for (const name of exportedNames(source)) homes.set(name, [...(homes.get(name) ?? []), file]);
  }
  const commandModule = (file: string) => file.startsWith(`cli${path.sep}`);
  return [...homes]
    .filter(([name, at]) => at.length > 1 && !((name === "run" || name === "spec") && at.every(commandModule)))
    .map(([name, at]) => `${name}: ${at.join(", ")}`);
}

describe("layout", () => {
  it("src/cli enters verify only through verify/index.ts", async () => {
    const bad = [...(await sources("cli"))].flatMap(([f, s]) => pastTheDoor(f, s));
    expect(bad).toEqual([]);
  });

  it("the door check sees an import past the door", () => {
    expect(pastTheDoor("cli/x.ts", 'import { a } from "../verify/server/fixtures.js";')).toEqual([
      "cli/x.ts: ../verify/server/fixtures.js",
    ]);
    expect(pastTheDoor("cli/x.ts", 'import { a } from "../verify/index.js";')).toEqual([]);
  });

  it("src/verify keeps at most 12 files at its top; the rest is in folders by job", async () => {
    const top = (await readdir(path.join(src, "verify"), { withFileTypes: true })).filter((d) => d.isFile());
    expect(top.length).toBeLessThanOrEqual(12);
  });

  it("no name is exported from two files (one name, one meaning)", async () => {
    const all = new Map<string, string>();
    for (const dir of ["rules", "client", "provider", "verify", "cli"])
      for (const [f, s] of await sources(dir)) all.set(f, s);
    expect(duplicated(all)).toEqual([]);
  });

  it("the duplicate check sees two homes of one name, and allows commands' run and spec", () => {
    const files = new Map([
      ["cli/a.ts", "export function paint() {}\nexport const spec = 1;\nexport async function run() {}"],
      ["verify/b.ts", "export function paint(x: number) {}"],
      ["cli/c.ts", "export const spec = 2;\nexport async function run() {}"],
    ]);
    expect(duplicated(files)).toEqual(["paint: cli/a.ts, verify/b.ts"]);
  });
});
