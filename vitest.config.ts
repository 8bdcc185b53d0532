import { defineConfig } from "vitest/config";

// Two projects in one run, in order: the Pact consumer tests write the pact files (group 1), then
// everything else, including the checks that read the contracts (group 2). (Group 0 is vitest's own
// for single-worker projects, which it runs apart from the order.) A plain `npx vitest
// run` therefore works as `npm test` does; running the two at once races on the pact files.
export default defineConfig({
  test: {
    env: { PACT_DO_NOT_TRACK: "true", REDOCLY_SUPPRESS_NOTIFICATIONS: "true", REDOCLY_TELEMETRY: "off" },
    projects: [
      {
        extends: true,
        test: {
          name: "consumer",
          include: ["test/consumer/**/*.test.ts"],
          globalSetup: ["test/consumer/setup.ts"],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          globalSetup: ["test/support/build-once.ts"],
          exclude: ["test/consumer/**"],
          testTimeout: 60_000,
          // Both cores: most files wait on child processes and sockets, not on the CPU.
          maxWorkers: 2,
          isolate: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
