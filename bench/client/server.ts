// The benchmark's server: a keep-alive node:http server in its own process (so it never shares an
// event loop or a core's time slice with the client being measured), answering every request
// with Delete Connection's documented 200 body. Prints nothing; sends its port over IPC.
import { fork } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";

/** The seed page's 200 answer (success envelope). */
export const BODY = '{"success":true,"deploymentResult":{"success":true}}';

function listen(): void {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(BODY) });
      res.end(BODY);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1", () => process.send?.((server.address() as AddressInfo).port));
  // The parent went away: so does the server.
  process.on("disconnect", () => process.exit(0));
}

/** Starts the server process; resolves with its base URL and a stop function. */
export async function startServer(): Promise<{ baseUrl: string; stop: () => void }> {
  const child = fork(fileURLToPath(import.meta.url), ["--serve"], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("message", (m) => resolve(m as number));
    child.once("exit", (code) => reject(new Error(`bench server exited early (code ${code})`)));
  });
  return { baseUrl: `http://127.0.0.1:${port}`, stop: () => child.disconnect() };
}

if (process.argv[2] === "--serve") listen();
