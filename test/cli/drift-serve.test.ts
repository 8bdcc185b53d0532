// `drift --base-url` against `serve`: the stand-in publishes the bundled spec where springdoc
// servers publish theirs, so drift can be tried locally and finds nothing (issue 21 item 4).
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/index.js";
import { serve } from "../../src/provider/index.js";
import { captureIo } from "../support/io.js";

describe("drift against the stand-in", () => {
  it("reports the same description: exit 0", async () => {
    const standIn = await serve({ token: "drift-serve-token-1" });
    try {
      const c = captureIo({ APINIZER_TOKEN: standIn.token });
      const code = await main(["drift", "--base-url", standIn.url, "--json"], c.io);
      expect(JSON.parse(c.stdout())).toMatchObject({ outcome: "same", exitCode: 0 });
      expect(code).toBe(0);
    } finally {
      await standIn.close();
    }
  });
});
