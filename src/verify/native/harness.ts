// The local HTTP server the native Pact verifier talks to, on loopback: provider-state changes
// arrive at a path with a random secret (so no contract can reach it), every other request is
// one the verifier wants sent to the server, and goes to the gate. The verifier never learns the
// server's address or the token.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { isJsonObject } from "../../rules/envelope.js";
import { localReply, type VerifierReply } from "./forward.js";
import type { VerifierRequest } from "./gate.js";

/** A provider-state change, as the verifier posts it. */
export interface StateChange {
  readonly state: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly action: "setup" | "teardown";
}

export interface HarnessHandlers {
  /** Answers a state change with the values to inject into the request (for `setup`). */
  state(change: StateChange): Promise<Record<string, string>>;
  /** Answers one of the verifier's requests. */
  request(request: VerifierRequest): Promise<VerifierReply>;
}

export interface Harness {
  /** Where the verifier sends the interaction's requests. */
  readonly url: string;
  /** Where the verifier posts state changes. */
  readonly stateUrl: string;
  close(): Promise<void>;
}

/** State-change bodies are small; anything larger is not one. */
const MAX_STATE_BYTES = 64 * 1024;

/** Reads a body, keeping at most `keep` bytes; returns them and the total length. */
async function readBody(req: IncomingMessage, keep: number): Promise<{ text: string; length: number }> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    if (length < keep) chunks.push(buf.subarray(0, keep - length));
    length += buf.length;
  }
  return { text: Buffer.concat(chunks).toString("utf8"), length };
}

function parseStateChange(text: string): StateChange | undefined {
  try {
    const body = JSON.parse(text) as unknown;
    if (!isJsonObject(body) || typeof body["state"] !== "string") return undefined;
    const action = body["action"] === "teardown" ? "teardown" : "setup";
    return { state: body["state"], params: isJsonObject(body["params"]) ? body["params"] : {}, action };
  } catch {
    return undefined;
  }
}

/** Starts the harness on 127.0.0.1 (a free port). */
export async function startHarness(handlers: HarnessHandlers): Promise<Harness> {
  const statePath = `/_state/${randomBytes(16).toString("hex")}`;
  const server = createServer((req, res) => {
    const reply = async (): Promise<VerifierReply> => {
      if (req.method === "POST" && req.url === statePath) {
        const change = parseStateChange((await readBody(req, MAX_STATE_BYTES)).text);
        if (change === undefined) return localReply(400, "not a provider-state change");
        const values = await handlers.state(change);
        return {
          status: 200,
          headers: { "content-type": "application/json" },
          body: Buffer.from(JSON.stringify(values)),
        };
      }
      const { length } = await readBody(req, 0);
      return handlers.request({ method: req.method ?? "", target: req.url ?? "/", bodyLength: length });
    };
    reply()
      .catch((error: unknown) => localReply(500, `verify could not handle the request: ${String(error)}`))
      .then((r) => {
        res.writeHead(r.status, { ...r.headers, "content-length": r.body.length });
        res.end(r.body);
      });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    stateUrl: `${url}${statePath}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
