import { resolve } from "node:path";
import { defineConfig } from "vitest/config";

// The tests Stryker runs against the mutants (test/mutation/stryker.config.json): the unit tests of
// the mutated modules and the client tests that reach src/client/mapping.ts through a real HTTP
// answer. Nothing that builds the package, type-checks docs, starts the Pact verifier or writes
// contracts: with per-test coverage a mutant runs only the tests that reach it, but a mutant in
// code that runs when modules load ("static") runs every test listed here.
export default defineConfig({
  root: resolve(import.meta.dirname, "../.."),
  test: {
    env: { PACT_DO_NOT_TRACK: "true" },
    include: [
      "test/rules/*.test.ts",
      "test/verify/native/gate.test.ts",
      "test/client/mapping.test.ts",
      "test/client/responses.test.ts",
      "test/client/status-envelope.test.ts",
      "test/client/redaction.test.ts",
      "test/client/retries.test.ts",
    ],
    testTimeout: 60_000,
  },
});
