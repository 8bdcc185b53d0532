// The committed contracts are what the consumer tests record, and hold no secret. Runs after the
// consumer tests (its own vitest project, in the last group: vitest.config.ts).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PACT_FILES, pactDir } from "../consumer/pact.js";
import { repoRoot } from "../support/spec.js";

// Both committed pacts (one per envelope's provider).
for (const file of Object.values(PACT_FILES)) {
  describe(`contracts/${file}`, () => {
    const path = join(repoRoot, "contracts", file);

    it("is what the consumer tests produce (regenerate with `npm run contracts`)", () => {
      const produced = join(pactDir, file);
      expect(existsSync(produced), "run the consumer tests first: npm run test:consumer").toBe(true);
      expect(existsSync(path), "commit it: npm run contracts").toBe(true);
      expect(JSON.parse(readFileSync(path, "utf8"))).toEqual(JSON.parse(readFileSync(produced, "utf8")));
    });

    it("holds no real or real-looking secret", () => {
      const text = readFileSync(path, "utf8");
      const authorizations = [...text.matchAll(/"(?:authorization|Authorization)": \[?\s*"([^"]*)"/g)].map((m) => m[1]);
      expect(authorizations.length).toBeGreaterThan(0);
      expect(new Set(authorizations)).toEqual(new Set(["Bearer EXAMPLE_TOKEN"]));
      expect(text).not.toMatch(/test-[0-9a-f]{8}-/); // the consumer tests' per-run token
      expect(text).not.toMatch(/guard-token/);
    });
  });
}
