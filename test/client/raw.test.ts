// Issue 10 (11b): `client.raw`, the pre-authenticated openapi-fetch client, applies the same name
// rule as deleteConnection: it never sends a request that addresses anything but the operation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnectionsClient } from "../../src/client/index.js";
import { rawRequestProblem } from "../../src/client/raw.js";
import { DELETED_BODY, json, startServer, type TestServer } from "./server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startServer((_req, res) => json(res, 200, DELETED_BODY));
});
afterAll(() => server.close());

const PATH = "/apiops/projects/{projectName}/connections/{connectionName}/";
const TOKEN = "tok-raw-3b1d";

/** Sends through client.raw; returns what happened and the raw paths the server saw. */
async function rawDelete(projectName: string, connectionName: string, init: Record<string, unknown> = {}) {
  const client = createConnectionsClient({ baseUrl: `${server.url}/gw`, token: TOKEN });
  const before = server.requests.length;
  const outcome = await client.raw.DELETE(PATH, { params: { path: { projectName, connectionName } }, ...init }).then(
    ({ response }) => ({ status: response.status }),
    (error: Error) => ({ error }),
  );
  return { outcome, paths: server.requests.slice(before).map((r) => r.url) };
}

describe("client.raw refuses names that would address another resource", () => {
  it.each([
    ["..", "C"],
    ["P", ".."],
    ["P", "."],
    ["P", "%2e%2e"],
    ["P", "%2E."],
    ["P", "%252e%252e"],
    ["P", "\uff0e\uff0e"],
    ["P", "a/b"],
    ["P", "a%2Fb"],
    ["P", "a\\b"],
    ["P", ""],
    ["P", "a\nb"],
  ])(
    "projectName %j, connectionName %j: rejects with a TypeError, nothing sent",
    async (projectName, connectionName) => {
      const { outcome, paths } = await rawDelete(projectName, connectionName);
      expect(paths).toEqual([]);
      expect("error" in outcome && outcome.error).toBeInstanceOf(TypeError);
      expect("error" in outcome && outcome.error.message).toMatch(/^client\.raw refused the request: path parameter/);
    },
  );

  it("a per-request base URL elsewhere is refused (the token never leaves for another host)", async () => {
    const { outcome, paths } = await rawDelete("P", "C", { baseUrl: "http://127.0.0.1:1/" });
    expect(paths).toEqual([]);
    expect("error" in outcome && outcome.error.message).toMatch(/elsewhere than the client's base URL/);
  });

  it("a path serializer that leaves dots raw is refused", async () => {
    const { outcome, paths } = await rawDelete("P", "x", {
      pathSerializer: (p: string) => p.replace("{connectionName}", "..").replace("{projectName}", "P"),
    });
    expect(paths).toEqual([]);
    expect("error" in outcome && outcome.error.message).toMatch(/would not address/);
  });

  it("names that can be sent go out as exactly one segment each, under the base URL's prefix", async () => {
    const { outcome, paths } = await rawDelete("My Project", "a.b..c");
    expect(outcome).toEqual({ status: 200 });
    expect(paths).toEqual(["/gw/apiops/projects/My%20Project/connections/a.b..c/"]);
    expect(server.requests.at(-1)?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });
});

describe("rawRequestProblem (the middleware's check)", () => {
  const base = "https://h.example/gw";
  const params = { projectName: "P", connectionName: "C" };
  it("accepts the request openapi-fetch builds for good names", () => {
    expect(
      rawRequestProblem(base, PATH, params, "https://h.example/gw/apiops/projects/P/connections/C/"),
    ).toBeUndefined();
  });
  it.each([
    ["another segment count (dots removed by the URL parser)", "https://h.example/gw/apiops/projects/P/"],
    ["another name than the parameter", "https://h.example/gw/apiops/projects/P/connections/D/"],
    ["no trailing slash", "https://h.example/gw/apiops/projects/P/connections/C"],
    ["another prefix", "https://h.example/other/apiops/projects/P/connections/C/"],
    ["another host", "https://evil.example/gw/apiops/projects/P/connections/C/"],
    ["a query", "https://h.example/gw/apiops/projects/P/connections/C/?x=1"],
    ["an undecodable segment", "https://h.example/gw/apiops/projects/P/connections/%E0%A4%A/"],
  ])("refuses %s", (_label, url) => {
    expect(rawRequestProblem(base, PATH, params, url)).toBeTypeOf("string");
  });
});
