// What is measured: one Delete Connection call, done seven ways. Every variant sends the same
// request (DELETE, Bearer token) to the same server, reads the whole body, parses the JSON and
// checks the answer; a variant that sees anything else throws (a benchmark that stops measuring
// the real work must fail, not get faster).
import http from "node:http";
import createClient from "openapi-fetch";
import { createConnectionsClient, DEFAULT_TIMEOUT_MS } from "../../src/client/index.js";
import type { paths } from "../../src/generated/openapi.js";

export type Call = () => Promise<void>;

export const PARAMS = { projectName: "MyProject", connectionName: "my-email-connection" } as const;
const TOKEN = "bench-token-0123456789abcdef";

/** The variant every goal is about. */
export const CLIENT = "deleteConnection";
/** The fair baseline: fetch with the same per-call deadline the client sets (AbortController + setTimeout). */
export const FETCH_TIMER = "fetch + timer";
/** fetch with `AbortSignal.timeout`: the other way to give fetch a deadline. */
export const FETCH_SIGNAL_TIMEOUT = "fetch + AbortSignal.timeout";
/** openapi-fetch's own client, used directly (no deadline: it has none). */
export const OPENAPI_FETCH = "openapi-fetch";
/**
 * The goal's baseline since the client goes through openapi-fetch: openapi-fetch making the same
 * call with the same per-call deadline the client sets (AbortController + setTimeout, as `signal`).
 */
export const OPENAPI_FETCH_TIMER = "openapi-fetch + timer";
/** fetch with no deadline at all. */
export const FETCH_BARE = "fetch (no timeout)";
/** node:http's `request` with a keep-alive agent: the floor for this request in Node. */
export const NODE_HTTP = "node:http request";

function check(ok: boolean, variant: string, detail: () => unknown): void {
  if (!ok) throw new Error(`${variant}: unexpected answer ${JSON.stringify(detail())}`);
}

/** The variants against `baseUrl`, in a fixed order (the runner shuffles it per round). */
export function makeVariants(baseUrl: string): Record<string, Call> {
  const url = `${baseUrl}/apiops/projects/${PARAMS.projectName}/connections/${PARAMS.connectionName}/`;
  const headers = { Authorization: `Bearer ${TOKEN}` };
  const client = createConnectionsClient({ baseUrl, token: TOKEN });
  const openapi = createClient<paths>({ baseUrl, headers, redirect: "manual" });
  const agent = new http.Agent({ keepAlive: true });

  const fetchJson = async (name: string, signal?: AbortSignal): Promise<void> => {
    const res = await fetch(url, { method: "DELETE", headers, redirect: "manual", ...(signal ? { signal } : {}) });
    const body = (await res.json()) as { success?: unknown };
    check(res.status === 200 && body.success === true, name, () => body);
  };

  return {
    [CLIENT]: async () => {
      const r = await client.deleteConnection(PARAMS);
      check(r.ok && r.deleted, CLIENT, () => r);
    },
    [FETCH_TIMER]: async () => {
      // What the client does per call (src/client/call.ts): one controller, one timer, cleared after.
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), DEFAULT_TIMEOUT_MS);
      try {
        await fetchJson(FETCH_TIMER, controller.signal);
      } finally {
        clearTimeout(timer);
      }
    },
    [FETCH_SIGNAL_TIMEOUT]: () => fetchJson(FETCH_SIGNAL_TIMEOUT, AbortSignal.timeout(DEFAULT_TIMEOUT_MS)),
    [OPENAPI_FETCH]: async () => {
      const { data, response } = await openapi.DELETE("/apiops/projects/{projectName}/connections/{connectionName}/", {
        params: { path: PARAMS },
      });
      check(response.status === 200 && data?.success === true, OPENAPI_FETCH, () => data);
    },
    [OPENAPI_FETCH_TIMER]: async () => {
      // What the client does per call: one controller, one timer, cleared after; the same DELETE.
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), DEFAULT_TIMEOUT_MS);
      try {
        const { data, response } = await openapi.DELETE(
          "/apiops/projects/{projectName}/connections/{connectionName}/",
          { params: { path: PARAMS }, signal: controller.signal },
        );
        check(response.status === 200 && data?.success === true, OPENAPI_FETCH_TIMER, () => data);
      } finally {
        clearTimeout(timer);
      }
    },
    [FETCH_BARE]: () => fetchJson(FETCH_BARE),
    [NODE_HTTP]: () =>
      new Promise<void>((resolve, reject) => {
        const req = http.request(url, { method: "DELETE", headers, agent }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            try {
              const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { success?: unknown };
              check(res.statusCode === 200 && body.success === true, NODE_HTTP, () => body);
              resolve();
            } catch (e) {
              reject(e);
            }
          });
          res.on("error", reject);
        });
        req.on("error", reject);
        req.end();
      }),
  };
}
