import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tool } from "../support/spec.js";

const out = mkdtempSync(join(tmpdir(), "apinizer-docs-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("built artefacts of the spec", () => {
  it("bundle into one file with no reference to another file", async () => {
    const result = await tool("redocly", ["bundle", "main", "-o", join(out, "openapi.yaml")]);
    expect(result.code, result.output).toBe(0);
    const bundle = readFileSync(join(out, "openapi.yaml"), "utf8");
    expect(bundle).toContain("/apiops/projects/{projectName}/connections/{connectionName}/:");
    expect(bundle.match(/\$ref: .*/g)?.filter((ref) => !ref.includes("'#/"))).toEqual([]);
    expect(bundle).toContain('-H "Authorization: Bearer YOUR_TOKEN"');
  });

  it("render to a self-contained HTML reference that loads nothing from the network", async () => {
    const page = join(out, "index.html");
    const result = await tool("redocly", ["build-docs", "main", "--inlineBundle", "-o", page]);
    expect(result.code, result.output).toBe(0);
    const html = readFileSync(page, "utf8");
    expect(html).toContain("Delete Connection");
    expect(html).not.toMatch(/<script[^>]+src=["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/<link[^>]+href=["']?(https?:)?\/\/[^>]+stylesheet/i);
  });
});
