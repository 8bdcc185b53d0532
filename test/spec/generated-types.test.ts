import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bundleWithRedocly, repoRoot, specCopy, tool } from "../support/spec.js";

describe("src/generated/openapi.json (the bundled spec verify checks answers against)", () => {
  it("is what Redocly bundles from the committed spec (run `npm run generate`)", async () => {
    const committed = JSON.parse(readFileSync(join(repoRoot, "src/generated/openapi.json"), "utf8")) as unknown;
    expect(await bundleWithRedocly(repoRoot)).toEqual(committed);
  });

  it("is reported stale once the spec changes without regenerating", async () => {
    const copy = specCopy();
    try {
      copy.edit(
        "openapi/components/schemas/DeploymentResult.yaml",
        "properties:\n",
        "properties:\n  zone:\n    type: string\n",
      );
      const committed = JSON.parse(readFileSync(join(repoRoot, "src/generated/openapi.json"), "utf8")) as unknown;
      expect(await bundleWithRedocly(copy.dir)).not.toEqual(committed);
    } finally {
      copy.cleanup();
    }
  });
});

describe("src/generated/openapi.ts", () => {
  // The two tests run their processes concurrently (each on its own tree).
  it.concurrent("is what openapi-typescript generates from the committed spec (run `npm run generate`)", async ({
    expect,
  }) => {
    const result = await tool("openapi-typescript", ["--check"]);
    expect(result.output).not.toContain("not up-to-date");
    expect(result.code).toBe(0);
  });

  it.concurrent("is reported stale once the spec changes without regenerating", async ({ expect }) => {
    const copy = specCopy();
    try {
      // A valid change (a new optional field), so the failure can only be the stale file.
      copy.edit(
        "openapi/components/schemas/DeploymentResult.yaml",
        "properties:\n",
        "properties:\n  zone:\n    type: string\n",
      );
      const result = await tool("openapi-typescript", ["--check"], copy.dir);
      expect(result.output).toContain("Generated types are not up-to-date");
      expect(result.code).toBe(1);
    } finally {
      copy.cleanup();
    }
  });
});
