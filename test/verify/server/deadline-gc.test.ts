// verify's time limit per request holds however the garbage collector runs. Node's fetch (undici)
// follows the signal of a Request only while that Request object is alive (nodejs/node#55428):
// a sender that let its Request go while waiting lost the deadline at the next collection and
// waited forever on a server that never answers (the suite's "times out (never answers)" run hung
// that way after a busy file). Collections are forced here, every 10 ms.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { createSender, SendError } from "../../../src/verify/server/http.js";
import { closeAfterTest } from "../../support/lifecycle.js";
import { startServer } from "../support/servers.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** The sender's answer or error, with garbage collected every 10 ms meanwhile; undefined when it has neither after 5 s. */
async function underCollection(send: () => Promise<unknown>): Promise<unknown> {
  const collecting = setInterval(gc, 10);
  let bound: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      send().catch((error: unknown) => error),
      new Promise((resolve) => {
        bound = setTimeout(() => resolve(undefined), 5_000);
      }),
    ]);
  } finally {
    clearInterval(collecting);
    clearTimeout(bound);
  }
}

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
