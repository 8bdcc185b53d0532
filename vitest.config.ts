import { defineConfig } from "vitest/config";

// Two projects, run as two steps (`npm test`): Pact consumer tests write the pact file, and
// everything else (including the checks that read the contracts) runs after them. One vitest
// run racing on the pact file is a known source of failures.
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
        },
      },
      {
        extends: true,
        test: { name: "unit", include: ["test/**/*.test.ts"], exclude: ["test/consumer/**"], testTimeout: 60_000 },
      },
    ],
  },
});
