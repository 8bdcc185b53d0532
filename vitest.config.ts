import { readFileSync } from "node:fs";
import { defineConfig } from "vitest/config";

// The transform reads tsconfig.json too (e.g. useDefineForClassFields), which the module cache's
// key does not cover: its content goes into the key, so an edit to it transforms everything again.
const tsconfig = readFileSync(new URL("./tsconfig.json", import.meta.url), "utf8");
const tsconfigInCacheKey = {
  name: "tsconfig-in-cache-key",
  configureVitest(context: { experimental_defineCacheKeyGenerator(key: () => string): void }) {
    context.experimental_defineCacheKeyGenerator(() => tsconfig);
  },
};

// One run (`npm test`, or a plain `npx vitest run`), two groups in order:
//  1. the Pact consumer tests (which write build/pacts) and every other test, side by side;
//  2. the check that the committed contracts are what the consumer tests wrote.
// (Vitest runs group 0 with one worker apart from the order, so the groups are 1 and 2.)
// Three workers on the 2-core machines this runs on: many files mostly wait (servers, brokers,
// tools, timers), and a third worker fills a core while two wait.
const group = { maxWorkers: 3, isolate: false } as const;

export default defineConfig({
  plugins: [tsconfigInCacheKey],
  test: {
    env: { PACT_DO_NOT_TRACK: "true", REDOCLY_SUPPRESS_NOTIFICATIONS: "true", REDOCLY_TELEMETRY: "off" },
    // The run's private temp folder, checked empty (and no process of the run alive) at exit.
    globalSetup: ["test/support/no-litter.ts"],
    // Transformed modules kept between runs (node_modules/.experimental-vitest-cache, keyed by each
    // file's content and the config): a run after the first skips most of the transform and import.
    experimental: { fsModuleCache: true },
    projects: [
      {
        extends: true,
        test: {
          name: "consumer",
          include: ["test/consumer/**/*.test.ts"],
          // Clears build/pacts: Pact merges into an existing pact file.
          globalSetup: ["test/consumer/setup.ts"],
          ...group,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: ["test/consumer/**", "test/contracts/current.test.ts"],
          // Starts the suite's one build (the real `npm run build`, in the background: the tests that
          // run the built package wait for it); makes sure the pinned Pact Broker is installed
          // (test/broker) or says why not.
          globalSetup: ["test/support/build-once.ts", "test/broker/setup.ts"],
          testTimeout: 60_000,
          ...group,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: { name: "contracts", include: ["test/contracts/current.test.ts"], ...group, sequence: { groupOrder: 2 } },
      },
    ],
  },
});
