// `drift` against servers that publish (or don't) their own OpenAPI document, all local
// (node:http on port 0). The document is written in fixtures/ from the facts of Apinizer's
// generated one; our side is the project's bundled spec.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { describe, expect, test } from "vitest";
import { stringify } from "yaml";
import bundled from "../../../src/generated/openapi.json" with { type: "json" };
import { SPEC_PATHS } from "../../../src/rules/route.js";
import type { DriftDifference, DriftOptions, DriftReport } from "../../../src/verify/api.js";
import { driftOf, formatDrift } from "../../../src/verify/drift/index.js";
import { closeAfterTest } from "../../support/lifecycle.js";
import { deleteOf, schemaOf, serverDocument, TEMPLATE } from "../fixtures/server-document.js";

type Schema = { oneOf?: Schema[]; required?: string[]; properties?: Record<string, unknown> };
type Route = (req: IncomingMessage, res: ServerResponse) => void;
interface Seen {
  readonly path: string;
  readonly authorization: string | undefined;
}

/** A server answering `routes` by exact path, 404 otherwise; records what it was asked. */
async function serveRoutes(routes: Record<string, Route>, fallback?: Route) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    seen.push({ path: req.url ?? "", authorization: req.headers.authorization });
    const route = routes[req.url ?? ""] ?? fallback;
    if (route !== undefined) return route(req, res);
    res.statusCode = 404;
    res.end('{"error":"not found"}');
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  const close = async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  };
  closeAfterTest({ close });
  return { url: `http://127.0.0.1:${port}`, port, seen, close };
}

const body =
  (content: unknown, type = "application/json"): Route =>
  (_req, res) => {
    res.setHeader("content-type", type);
    res.end(typeof content === "string" ? content : JSON.stringify(content));
  };

const drift = (baseUrl: string, more: Partial<DriftOptions> = {}): Promise<DriftReport> =>
  driftOf({ baseUrl, timeoutMs: 5000, ...more });

/** The report's differences as `aspect where: ours | theirs`, for readable assertions. */
const lines = (report: DriftReport): string[] =>
  report.differences.map((d: DriftDifference) => `${d.aspect} ${d.where}: ${d.ours} | ${d.theirs}`);

/** The difference at `where`, if any. */
const at = (report: DriftReport, where: string) => report.differences.find((d) => d.where === where);

async function driftAgainst(doc: unknown, path = "/apiops/v3/api-docs"): Promise<DriftReport> {
  const server = await serveRoutes({ [path]: body(doc) });
  return drift(server.url);
}

describe("a document like Apinizer's own (200/401/500, no 400)", () => {
  test("reports our 400 and 404 as absent on theirs, their 500 against ours, and equal parameters", async () => {
    const server = await serveRoutes({ "/apiops/v3/api-docs": body(serverDocument()) });
    const report = await drift(server.url);
    expect(report.outcome).toBe("drift");
    expect(report.source).toBe(`${server.url}/apiops/v3/api-docs`);
    expect(server.seen.map((s) => s.path)).toEqual(["/apiops/v3/api-docs"]);
    expect(at(report, "400")).toEqual({
      aspect: "status",
      where: "400",
      ours: "documented (application/json)",
      theirs: "absent",
    });
    expect(at(report, "404")).toMatchObject({ aspect: "status", theirs: "absent" });
    expect(report.differences.filter((d) => d.aspect === "status").map((d) => d.where)).toEqual(["400", "404"]);
    // 500 is documented on both sides: compared field by field, not reported as missing.
    expect(at(report, "500 application/json $.resultMessage")).toMatchObject({
      ours: "string, required",
      theirs: "string, optional",
    });
    expect(at(report, "500 application/json $.resultCount")).toMatchObject({
      ours: "absent",
      theirs: "integer (int32), optional",
    });
    expect(report.differences.filter((d) => d.aspect === "parameter")).toEqual([]);
    expect(report.problems).toEqual([]);
  });

  test("compares the 200 body with our closest envelope, field by field", async () => {
    const report = await driftAgainst(serverDocument());
    expect(lines(report)).toEqual(
      expect.arrayContaining([
        "schema 200 application/json: one of 2 schemas; compared: the 2nd, closest to theirs | one schema",
        'schema 200 application/json $.status: string, = "SUCCESS", required | string, one of "FAILURE" | "SUCCESS", optional',
        "schema 200 application/json $.deploymentResult.success: boolean, required | boolean, optional",
        "schema 200 application/json $.deploymentResult.detailList[]: object | object (the shape of $.deploymentResult)",
        // Ours promises no entry type (neither the pages nor their document agree on one).
        "schema 200 application/json $.resultList[]: any | string",
      ]),
    );
    // Fields both sides describe alike are not differences; nested fields of a one-sided field are not repeated.
    expect(at(report, "200 application/json $.deploymentResult.responseTime")).toBeUndefined();
    expect(at(report, "401 application/json $.resultList")).toMatchObject({ ours: "absent" });
    expect(at(report, "401 application/json $.resultList[]")).toBeUndefined();
  });

  test("notices a changed type, a changed format and a narrowed enum", async () => {
    const doc = serverDocument();
    const worker = schemaOf(doc, "WorkerOutcome")["properties"] as Record<string, Record<string, unknown>>;
    worker["responseTime"] = { type: "string" };
    worker["podIp"] = { type: "string", format: "ipv4" };
    (schemaOf(doc, "Failed")["properties"] as Record<string, unknown>)["status"] = { type: "string", enum: ["ERROR"] };
    const report = await driftAgainst(doc);
    expect(at(report, "200 application/json $.deploymentResult.responseTime")).toEqual({
      aspect: "schema",
      where: "200 application/json $.deploymentResult.responseTime",
      ours: "integer (int64), optional",
      theirs: "string, optional",
    });
    expect(at(report, "200 application/json $.deploymentResult.podIp")).toMatchObject({
      theirs: "string (ipv4), optional",
    });
    expect(at(report, "500 application/json $.status")).toMatchObject({
      ours: 'string, = "FAILURE", required',
      theirs: 'string, = "ERROR", optional',
    });
  });

  test("notices a field we require that they do not describe, and one they require that we lack", async () => {
    const doc = serverDocument();
    const deleted = schemaOf(doc, "Deleted");
    deleted["required"] = ["status", "operationId"];
    (deleted["properties"] as Record<string, unknown>)["operationId"] = { type: "string" };
    const report = await driftAgainst(doc);
    expect(at(report, "200 application/json $.status")?.theirs).toBe('string, one of "FAILURE" | "SUCCESS", required');
    expect(at(report, "200 application/json $.operationId")).toMatchObject({
      ours: "absent",
      theirs: "string, required",
    });
  });

  test("notices parameters named, typed or required differently, and a new required query parameter", async () => {
    const doc = serverDocument();
    const paths = doc["paths"] as Record<string, Record<string, unknown>>;
    const item = paths[TEMPLATE] as Record<string, unknown>;
    delete paths[TEMPLATE];
    paths["/apiops/projects/{project}/connections/{name}"] = item; // no trailing slash, other names
    (item["delete"] as Record<string, unknown>)["parameters"] = [
      { name: "project", in: "path", required: true, schema: { type: "string" } },
      { name: "name", in: "path", required: true, schema: { type: "integer" } },
      { name: "force", in: "query", required: true, schema: { type: "boolean" } },
    ];
    const report = await driftAgainst(doc);
    expect(lines(report)).toEqual(
      expect.arrayContaining([
        `operation path: ${TEMPLATE} | /apiops/projects/{project}/connections/{name}`,
        "parameter path parameter 1: projectName: string, required | project: string, required",
        "parameter path parameter 2: connectionName: string, required | name: integer, required",
        "parameter query parameter force: absent | boolean, required",
      ]),
    );
    expect(at(report, "400")).toBeDefined(); // the operation was found despite the other spelling
  });

  test("finds DELETE under another spelling of the path, or under a server's path prefix", async () => {
    const doc = serverDocument();
    const paths = doc["paths"] as Record<string, Record<string, unknown>>;
    const item = paths[TEMPLATE] ?? {};
    paths[TEMPLATE.slice(0, -1)] = { delete: item["delete"] }; // the DELETE only without the slash
    delete item["delete"];
    const bare = await driftAgainst(doc);
    expect(lines(bare).filter((l) => l.startsWith("operation"))).toEqual([
      `operation path: ${TEMPLATE} | ${TEMPLATE.slice(0, -1)}`,
    ]);
    const prefixed = serverDocument();
    prefixed["servers"] = [{ url: "https://console.example/apiops" }];
    prefixed["paths"] = {
      "/projects/{projectName}/connections/{connectionName}/": (prefixed["paths"] as Record<string, unknown>)[TEMPLATE],
    };
    const report = await driftAgainst(prefixed);
    expect(lines(report).filter((l) => l.startsWith("operation"))).toEqual([
      `operation path: ${TEMPLATE} | /projects/{projectName}/connections/{connectionName}/`,
    ]);
    expect(at(report, "400")).toBeDefined();
  });

  test("reports the operation missing when the path has no DELETE, or is not there", async () => {
    const doc = serverDocument();
    delete (doc["paths"] as Record<string, Record<string, unknown>>)[TEMPLATE]?.["delete"];
    const noDelete = await driftAgainst(doc);
    expect(noDelete.outcome).toBe("drift");
    expect(lines(noDelete)).toEqual([`operation DELETE ${TEMPLATE}: documented | absent (${TEMPLATE} documents GET)`]);
    const noPath = await driftAgainst({ openapi: "3.0.3", info: {}, paths: {} });
    expect(lines(noPath)).toEqual([`operation DELETE ${TEMPLATE}: documented | absent (no path of this shape)`]);
  });
});

describe("documents that describe the same thing", () => {
  test("our own spec, published by a server, is the same (no difference)", async () => {
    const report = await driftAgainst(bundled);
    expect(report).toMatchObject({ outcome: "same", differences: [], problems: [] });
  });

  test("OpenAPI 3.0 nullable and a one-value enum equal 3.1's type list and const", async () => {
    const doc = structuredClone(bundled) as Record<string, unknown>;
    doc["openapi"] = "3.0.3";
    const responses = deleteOf(doc)["responses"] as Record<string, { content: Record<string, { schema: Schema }> }>;
    const statusEnvelope = responses["200"]?.content["application/json"]?.schema.oneOf?.[1];
    expect(statusEnvelope?.required).toEqual(["status"]); // the branch this test rewrites
    Object.assign(statusEnvelope?.properties ?? {}, {
      status: { type: "string", enum: ["SUCCESS"] },
      resultMessage: { type: "string", nullable: true },
    });
    const report = await driftAgainst(doc);
    expect(lines(report)).toEqual([]);
  });

  test("YAML and JSON of one document give the same report", async () => {
    const json = await driftAgainst(serverDocument());
    const server = await serveRoutes({
      "/apiops/v3/api-docs.yaml": body(stringify(serverDocument()), "application/vnd.oai.openapi"),
    });
    const yaml = await drift(server.url);
    expect(yaml.source).toBe(`${server.url}/apiops/v3/api-docs.yaml`);
    expect(yaml.differences).toEqual(json.differences);
    expect(server.seen.map((s) => s.path)).toEqual(["/apiops/v3/api-docs", "/v3/api-docs", "/apiops/v3/api-docs.yaml"]);
  });
});

describe("finding the document", () => {
  test("a server that publishes none: no-spec, saying where drift looked and what each answered", async () => {
    const server = await serveRoutes({});
    const report = await drift(server.url);
    expect(report.outcome).toBe("no-spec");
    expect(server.seen.map((s) => s.path)).toEqual(SPEC_PATHS);
    expect(report.problems[0]).toBe("The server publishes no OpenAPI document at the usual locations:");
    for (const path of SPEC_PATHS) expect(report.problems).toContain(`  ${server.url}${path} answered 404`);
    expect(formatDrift(report, { color: false })).toContain("No server document to compare.");
  });

  test("HTML at every location (a console's single-page app) is not a document", async () => {
    const server = await serveRoutes({}, body("<!doctype html><html><body>Apinizer</body></html>", "text/html"));
    const report = await drift(server.url);
    expect(report.outcome).toBe("no-spec");
    expect(report.problems).toContain(`  ${server.url}/v3/api-docs answered an HTML page, not a document`);
  });

  test("JSON that is not an OpenAPI document is not one either", async () => {
    const server = await serveRoutes({}, body({ status: "FAILURE", resultMessage: "Empty Key!" }));
    const report = await drift(server.url);
    expect(report.outcome).toBe("no-spec");
    expect(report.problems[1]).toMatch(/not an OpenAPI document \(no `openapi` field\)$/);
  });

  test("a redirect is reported, not followed", async () => {
    const server = await serveRoutes({
      "/apiops/v3/api-docs": (_req, res) => {
        res.writeHead(302, { location: "/elsewhere" }).end();
      },
      "/elsewhere": body(serverDocument()),
    });
    const report = await drift(server.url);
    expect(report.outcome).toBe("no-spec");
    expect(server.seen.map((s) => s.path)).not.toContain("/elsewhere");
    expect(report.problems).toContain(
      `  ${server.url}/apiops/v3/api-docs answered 302, a redirect to /elsewhere (not followed)`,
    );
  });

  test("a document larger than 1 MiB is cut and reported, even one that never ends", async () => {
    const chunk = Buffer.alloc(64 * 1024, " ");
    const server = await serveRoutes({
      "/apiops/v3/api-docs": (req, res) => {
        res.setHeader("content-type", "application/json");
        res.write('{"openapi":"3.0.1","info":{"description":"');
        const more = (): void => {
          while (!res.destroyed && res.write(chunk));
        };
        res.on("drain", more);
        req.on("close", () => res.destroy());
        more();
      },
    });
    const report = await drift(server.url, { timeoutMs: 30_000 });
    expect(report.outcome).toBe("failed");
    expect(report.problems).toEqual([
      `${server.url}/apiops/v3/api-docs sent more than 1048576 bytes (1 MiB), more than drift reads`,
    ]);
  });

  test("the spec URL, when given, is the only place asked", async () => {
    const server = await serveRoutes({ "/docs/openapi.yaml": body(stringify(serverDocument()), "text/plain") });
    const report = await drift(server.url, { specUrl: `${server.url}/docs/openapi.yaml` });
    expect(report.outcome).toBe("drift");
    expect(server.seen.map((s) => s.path)).toEqual(["/docs/openapi.yaml"]);
    const none = await drift(server.url, { specUrl: `${server.url}/nothing` });
    expect(none.problems).toEqual([
      "The server publishes no OpenAPI document at the spec URL:",
      `  ${server.url}/nothing answered 404`,
    ]);
  });

  test("a protected document: 401 says a token may be needed; with one, it is sent as a Bearer token", async () => {
    const server = await serveRoutes({
      "/apiops/v3/api-docs": (req, res) =>
        req.headers.authorization === "Bearer tok-drift-1"
          ? body(serverDocument())(req, res)
          : res.writeHead(401).end(),
    });
    const without = await drift(server.url);
    expect(without.problems).toContain(
      `  ${server.url}/apiops/v3/api-docs answered 401 (the document may need a token)`,
    );
    expect(server.seen[0]?.authorization).toBeUndefined();
    const withToken = await drift(server.url, { token: "tok-drift-1" });
    expect(withToken.outcome).toBe("drift");
  });

  test("Swagger 2.0 and unreadable YAML fail with the reason", async () => {
    const swagger = await driftAgainst({ swagger: "2.0", paths: {} });
    expect(swagger.outcome).toBe("failed");
    expect(swagger.problems[0]).toMatch(/is Swagger 2\.0; drift reads OpenAPI 3\.0 and 3\.1$/);
    const server = await serveRoutes({
      "/apiops/v3/api-docs": body("openapi: 3.0.1\npaths: [unclosed", "application/yaml"),
    });
    const broken = await drift(server.url);
    expect(broken.outcome).toBe("failed");
    expect(broken.problems[0]).toMatch(/is not readable JSON or YAML: /);
  });
});

describe("documents that try to make drift walk forever", () => {
  test("a $ref cycle (A → B → A) and a recursive schema are reported, not followed", async () => {
    const doc = serverDocument();
    Object.assign((doc["components"] as Record<string, Record<string, unknown>>)["schemas"] ?? {}, {
      A: { $ref: "#/components/schemas/B" },
      B: { $ref: "#/components/schemas/A" },
    });
    (deleteOf(doc)["responses"] as Record<string, unknown>)["401"] = {
      description: "loops",
      content: { "application/json": { schema: { $ref: "#/components/schemas/A" } } },
    };
    const report = await driftAgainst(doc);
    expect(report.outcome).toBe("drift");
    expect(at(report, "401 application/json $")?.theirs).toBe(
      "unknown (the $ref chain #/components/schemas/A → #/components/schemas/B → #/components/schemas/A is a cycle)",
    );
    expect(report.problems).toContain(
      "the server's document: the $ref chain #/components/schemas/A → #/components/schemas/B → #/components/schemas/A is a cycle",
    );
  });

  test("a document nested deeper than the call stack goes (an enum value) is read and compared", async () => {
    const doc = serverDocument();
    schemaOf(doc, "Deleted")["properties"] = { odd: { type: "array", enum: ["DEEP"] } };
    // Sent as JSON text built here: JSON.stringify itself cannot write a value this deep.
    const depth = 100_000;
    const text = JSON.stringify(doc).replace('"DEEP"', `${"[".repeat(depth)}"bottom"${"]".repeat(depth)}`);
    const server = await serveRoutes({
      "/apiops/v3/api-docs": (_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(text),
    });
    const report = await drift(server.url);
    expect(report.outcome, report.problems.join("\n")).toBe("drift");
    expect(at(report, "200 application/json $.odd")?.theirs).toMatch(/^array, = \[\[\[\[/);
  });

  test("a $ref fan-out (each level twice the last) stops at the walk's limit", async () => {
    const doc = serverDocument();
    const schemas = (doc["components"] as Record<string, Record<string, unknown>>)["schemas"] ?? {};
    for (let i = 0; i < 40; i++) {
      const next = { $ref: `#/components/schemas/L${i + 1}` };
      schemas[`L${i}`] = { type: "object", properties: { left: next, right: next } };
    }
    schemas["L40"] = { type: "string" };
    schemaOf(doc, "Deleted")["properties"] = { fan: { $ref: "#/components/schemas/L0" } };
    const report = await driftAgainst(doc);
    expect(report.outcome).toBe("drift");
    expect(report.problems).toEqual([
      "200 application/json: the schema is larger than drift walks; only its start was compared",
    ]);
  });

  test("an allOf fan-out stops at the document's step budget", async () => {
    const doc = serverDocument();
    const schemas = (doc["components"] as Record<string, Record<string, unknown>>)["schemas"] ?? {};
    for (let i = 0; i < 8; i++)
      schemas[`M${i}`] = { allOf: Array(10).fill({ $ref: `#/components/schemas/M${i + 1}` }) };
    schemas["M8"] = { type: "object", properties: { deep: { type: "string" } } };
    Object.assign(schemaOf(doc, "Failed"), { allOf: [{ $ref: "#/components/schemas/M0" }] });
    const report = await driftAgainst(doc);
    expect(report.outcome).toBe("drift");
    expect(report.problems).toContain(
      "the server's document: it takes more than 50000 steps to resolve; only its start was compared",
    );
  });

  test("YAML aliases cannot blow up into a huge document", async () => {
    const bomb = ["openapi: 3.0.1", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 12; i++)
      bomb.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(", ")}]`,
      );
    const server = await serveRoutes({ "/apiops/v3/api-docs.yaml": body(bomb.join("\n"), "application/yaml") });
    const report = await drift(server.url);
    expect(report.outcome).toBe("failed");
    expect(report.problems.at(-1)).toMatch(/not readable JSON or YAML: .*alias/i);
  });
});

describe("safety", () => {
  const TOKEN = "tok-drift-echo-5c1e";

  test("a token the server echoes (in the document, in a redirect) never reaches the report", async () => {
    const echoed: string[] = [];
    const server = await serveRoutes({
      "/apiops/v3/api-docs": (req, res) => {
        res.writeHead(302, { location: `/login?auth=${encodeURIComponent(req.headers.authorization ?? "")}` }).end();
      },
      "/v3/api-docs": (req, res) => {
        const doc = serverDocument();
        const auth = req.headers.authorization ?? "";
        echoed.push(auth);
        (schemaOf(doc, "Failed")["properties"] as Record<string, unknown>)["status"] = { type: "string", enum: [auth] };
        body(doc)(req, res);
      },
    });
    const report = await drift(server.url, { token: TOKEN });
    expect(echoed).toEqual([`Bearer ${TOKEN}`]); // the server did echo it: the check below means something
    const text = JSON.stringify(report) + formatDrift(report, { color: true });
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(encodeURIComponent(TOKEN).slice(0, 12));
    expect(at(report, "401 application/json $.status")?.theirs).toBe('string, = "Bearer [REDACTED]", optional');
    expect(report.problems).toEqual([]);
  });

  test("the token goes only to the base URL's origin, not to a spec URL elsewhere", async () => {
    const server = await serveRoutes({ "/docs.json": body(serverDocument()) });
    const report = await drift(server.url, { token: TOKEN, specUrl: `http://localhost:${server.port}/docs.json` });
    expect(server.seen).toEqual([{ path: "/docs.json", authorization: undefined }]);
    expect(report.problems).toEqual([
      `The token was not sent to http://localhost:${server.port}/docs.json (not the base URL's origin).`,
    ]);
  });

  test("every request goes through the fetch it is given (the CLI's transport), with one Request", async () => {
    const server = await serveRoutes({ "/apiops/v3/api-docs": body(serverDocument()) });
    const sent: string[] = [];
    const report = await drift(server.url, {
      fetch: (request: Request) => {
        sent.push(`${request.method} ${new URL(request.url).pathname}`);
        return fetch(request);
      },
    });
    expect(report.outcome).toBe("drift");
    expect(sent).toEqual(["GET /apiops/v3/api-docs"]);
  });

  test("unusable options fail without a request", async () => {
    const server = await serveRoutes({});
    for (const [options, problem] of [
      [{ baseUrl: "ftp://x" }, "The base URL must be an http:// or https:// URL."],
      [{ baseUrl: `${server.url}/apiops` }, expect.stringMatching(/^The base URL must not end in \/apiops/)],
      [{ specUrl: "file:///etc/passwd" }, "The spec URL must be an http:// or https:// URL."],
      [
        { specUrl: `http://u:p@127.0.0.1:${server.port}/x` },
        "The spec URL must not contain credentials (user:password@).",
      ],
    ] as const) {
      const report = await drift(server.url, options);
      expect(report).toEqual({ outcome: "failed", differences: [], problems: [problem] });
    }
    expect(server.seen).toEqual([]);
  });

  test("an unreachable server fails after one request; a silent one within the time limit", async () => {
    const closed = await serveRoutes({});
    await closed.close();
    const unreachable = await drift(closed.url);
    expect(unreachable.outcome).toBe("failed");
    expect(unreachable.problems).toEqual([
      expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/apiops\/v3\/api-docs ECONNREFUSED$/),
    ]);
    const silent = await serveRoutes({}, () => {});
    const timedOut = await drift(silent.url, { timeoutMs: 300 });
    expect(timedOut).toMatchObject({
      outcome: "failed",
      problems: [`${silent.url}/apiops/v3/api-docs no complete answer within 0.3 s`],
    });
    expect(silent.seen).toHaveLength(1);
  });

  test("a stop signal interrupts a request in flight", async () => {
    const controller = new AbortController();
    const server = await serveRoutes({}, () => controller.abort());
    const report = await drift(server.url, { signal: controller.signal });
    expect(report.outcome).toBe("interrupted");
    expect(server.seen).toHaveLength(1);
    const before = await drift(server.url, { signal: controller.signal }); // already stopped: nothing is sent
    expect(before).toMatchObject({ outcome: "interrupted", problems: ["Stopped before anything was sent."] });
    expect(server.seen).toHaveLength(1);
  });
});

describe("formatDrift", () => {
  test("prints each difference side by side, colored only when asked", async () => {
    const report = await driftAgainst(serverDocument());
    const plain = formatDrift(report, { color: false });
    expect(plain).toMatch(
      /^Drift: the server's document describes Delete Connection differently \(\d+ differences\)\.\n/,
    );
    expect(plain).toContain("  status 400\n      ours:   documented (application/json)\n      theirs: absent\n");
    expect(plain).not.toContain("\u001b[");
    expect(formatDrift(report, { color: true }).startsWith("\u001b[33mDrift:")).toBe(true);
    const same: DriftReport = { outcome: "same", source: "http://x/v3/api-docs", differences: [], problems: [] };
    expect(formatDrift(same, { color: false })).toBe(
      "No drift: the server's document describes Delete Connection as this project's spec does.\n  server's document (theirs): http://x/v3/api-docs\n",
    );
  });
});
