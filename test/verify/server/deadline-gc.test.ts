// verify's time limit per request holds however the garbage collector runs (support/collect.ts):
// a sender that let its Request go while waiting lost the deadline at the next collection and
// waited forever on a server that never answers (the suite's "times out (never answers)" run hung
// that way after a busy file). Collections are forced every 10 ms.
import { describe, expect, it } from "vitest";
import { createSender, SendError } from "../../../src/verify/server/http.js";
import { underCollection } from "../../support/collect.js";
import { closeAfterTest } from "../../support/lifecycle.js";
import { startServer } from "../support/servers.js";

describe("a server that never answers, while garbage is collected", () => {
  const transports = {
    "the global fetch": undefined,
    "a transport given as fetch (the CLI's)": (request: Request) => fetch(request),
  };
  for (const [name, transport] of Object.entries(transports)) {
    it(`${name}: the request ends at its time limit`, async () => {
      const silent = closeAfterTest(await startServer(() => new Promise(() => {})));
      const sender = createSender({ timeoutMs: 300, fetch: transport });
      const ended = await underCollection(() =>
        sender.send({ method: "POST", url: `${silent.url}/apiops/projects/P/connections/c/`, body: "{}" }),
      );
      expect(ended).toBeInstanceOf(SendError);
      expect(ended).toMatchObject({ reason: "timeout" });
    });
  }
});
