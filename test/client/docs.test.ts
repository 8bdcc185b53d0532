// docs/client.md and the README say what the code does: their TypeScript compiles against the
// client's source (strict, exactOptionalPropertyTypes), their switches and the results table name
// exactly the kinds there are, and the numbers are the code's.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { CONNECTION_ERROR_KINDS, DEFAULT_TIMEOUT_MS, MAX_NAME_LENGTH, MAX_RETRIES } from "../../src/client/index.js";

const root = path.resolve(import.meta.dirname, "../..");
const page = readFileSync(path.join(root, "docs/client.md"), "utf8");
const readme = readFileSync(path.join(root, "README.md"), "utf8");
const section = (title: string) => page.split(/^## /m).find((s) => s.startsWith(`${title}\n`)) ?? "";

describe("docs/client.md", () => {
  it("its TypeScript examples (and the README's) compile against the client, as a strict consumer would", async () => {
    const blocks = [page, readme].flatMap((text) =>
      [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string),
    );
    expect(blocks.length).toBeGreaterThan(0);
    const dir = await mkdtemp(path.join(tmpdir(), "client-docs-"));
    try {
      const files = await Promise.all(
        blocks.map(async (code, i) => {
          const file = path.join(dir, `example-${i}.mts`);
          await writeFile(file, code);
          return file;
        }),
      );
      await writeFile(
        path.join(dir, "tsconfig.json"),
        JSON.stringify({
          extends: path.join(root, "tsconfig.json"),
          compilerOptions: {
            noEmit: true,
            typeRoots: [path.join(root, "node_modules/@types")],
            paths: {
              "apinizer-connections": [path.join(root, "src/client/index.ts")],
              // The proxy example's agent (the CLI's runtime dependency, installed here).
              undici: [path.join(root, "node_modules/undici/index.d.ts")],
            },
          },
          include: [],
          files,
        }),
      );
      // The repository's checker (TypeScript 7, as `npm run check`): the samples are checked against
      // the source, not the published declarations (test/package/pack.test.ts checks those with 5).
      const tsc = path.join(root, "node_modules/typescript-native/bin/tsc");
      const run = await promisify(execFile)(process.execPath, [tsc, "-p", path.join(dir, "tsconfig.json")]).then(
        () => "",
        (e: { stdout?: string }) => e.stdout ?? "tsc failed",
      );
      expect(run).toBe("");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("the example's switch and the results table name every kind", () => {
    const results = section("Results");
    const tableKinds = [...results.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]);
    expect(new Set(tableKinds)).toEqual(new Set(CONNECTION_ERROR_KINDS));
    for (const kind of CONNECTION_ERROR_KINDS) expect(section("Example")).toContain(`case "${kind}":`);
    for (const kind of CONNECTION_ERROR_KINDS) expect(readme).toContain(`case "${kind}":`);
  });

  it("its numbers are the code's", () => {
    expect(section("Options")).toContain(`| \`timeoutMs\` | \`${DEFAULT_TIMEOUT_MS}\``);
    expect(section("Options")).toContain(`\`MAX_RETRIES\`, ${MAX_RETRIES})`);
    expect(section("Names")).toContain(`\`MAX_NAME_LENGTH\` (${MAX_NAME_LENGTH})`);
  });
});
