import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnectionsClient, type DeleteConnectionResult } from "../../src/client/index.js";
import { DELETED_BODY, type Handler, json, startServer, type TestServer } from "./server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

async function answer(handler: Handler, ignoreMissing = false): Promise<DeleteConnectionResult> {
  server.handler = handler;
  const client = createConnectionsClient({ baseUrl: server.url, token: "tok-123" });
  return client.deleteConnection(
    { projectName: "MyProject", connectionName: "my-email-connection" },
    { ignoreMissing },
  );
}

const NOT_FOUND = { error: "bad_request", error_description: "Connection (name: my-email-connection) was not found!" };

describe("documented answers", () => {
  it("200 with the documented body: deleted, typed data, request exactly as documented", async () => {
    const r = await answer((_q, res) => json(res, 200, DELETED_BODY));
    expect(r).toEqual({
      ok: true,
      status: 200,
      deleted: true,
      envelope: "success",
      workers: "removed",
      data: { success: true, deploymentResult: { success: true } },
    });
    const req = server.requests.at(-1);
    expect(req?.method).toBe("DELETE");
    expect(req?.url).toBe("/apiops/projects/MyProject/connections/my-email-connection/");
    expect(req?.headers.authorization).toBe("Bearer tok-123");
  });

  it("200 keeps extra fields real servers send", async () => {
    const body = { success: true, deploymentResult: { success: true, responseTime: 12, detailList: [] }, extra: 1 };
    const r = await answer((_q, res) => json(res, 200, body));
    expect(r.ok && r.deleted && r.data).toEqual(body);
  });

  it("200 with deploymentResult.success false is still deleted, and the workers' failure is visible", async () => {
    const r = await answer((_q, res) => json(res, 200, { success: true, deploymentResult: { success: false } }));
    expect(r).toMatchObject({
      ok: true,
      deleted: true,
      workers: "failed",
      data: { deploymentResult: { success: false } },
    });
  });

  it("application/json;charset=UTF-8 is fine", async () => {
    const r = await answer((_q, res) => {
      res.writeHead(200, { "content-type": "application/json;charset=UTF-8" });
      res.end(DELETED_BODY);
    });
    expect(r.ok).toBe(true);
  });

  it("400 'was not found' -> connection-not-found with the server's message", async () => {
    const r = await answer((_q, res) => json(res, 400, NOT_FOUND));
    expect(r).toMatchObject({
      ok: false,
      kind: "connection-not-found",
      status: 400,
      message: NOT_FOUND.error_description,
      error: NOT_FOUND,
    });
  });

  it("ignoreMissing turns connection-not-found into ok, deleted: false", async () => {
    const r = await answer((_q, res) => json(res, 400, NOT_FOUND), true);
    expect(r).toEqual({
      ok: true,
      status: 400,
      deleted: false,
      envelope: "success",
      data: NOT_FOUND,
      message: NOT_FOUND.error_description,
    });
  });

  it("ignoreMissing does not hide other 400s, nor a 400 about a missing project or permission", async () => {
    const other = { error: "bad_request", error_description: "Connection name is empty" };
    expect(await answer((_q, res) => json(res, 400, other), true)).toMatchObject({
      ok: false,
      kind: "bad-request",
      message: other.error_description,
    });
    const project = { error: "bad_request", error_description: "Project 'X' not found" };
    expect(await answer((_q, res) => json(res, 400, project), true)).toMatchObject({
      ok: false,
      kind: "project-not-found",
      status: 400,
      envelope: "success",
    });
    const permission = { error: "bad_request", error_description: "User does not have required permission" };
    expect(await answer((_q, res) => json(res, 400, permission), true)).toMatchObject({
      ok: false,
      kind: "permission-denied",
      status: 400,
    });
  });

  it("400 other -> bad-request", async () => {
    const r = await answer((_q, res) =>
      json(res, 400, { error: "bad_request", error_description: "Connection is used by policy P" }),
    );
    expect(r).toMatchObject({ ok: false, kind: "bad-request", status: 400, message: "Connection is used by policy P" });
  });

  it("401 -> unauthorized, JSON or not", async () => {
    expect(
      await answer((_q, res) => json(res, 401, { error: "unauthorized_client", error_description: "Invalid token" })),
    ).toMatchObject({
      ok: false,
      kind: "unauthorized",
      status: 401,
      message: "Invalid token",
    });
    const html = await answer((_q, res) => {
      res.writeHead(401, { "content-type": "text/html" });
      res.end("<html>Login required</html>");
    });
    expect(html).toMatchObject({ ok: false, kind: "unauthorized", status: 401, body: "<html>Login required</html>" });
    expect(await answer((_q, res) => res.writeHead(401).end())).toMatchObject({ kind: "unauthorized", body: "" });
  });

  it("404 with the error body -> project-not-found", async () => {
    const r = await answer((_q, res) =>
      json(res, 404, { error: "not_found", error_description: "Project 'MyProject' not found" }),
    );
    expect(r).toMatchObject({
      ok: false,
      kind: "project-not-found",
      status: 404,
      message: "Project 'MyProject' not found",
    });
  });
});

describe("answers that are not in the documented shape -> unexpected-response with status and raw body", () => {
  // Each stays unexpected-response: in neither envelope, or breaking the one it is in.
  const cases: [string, number, string, string?][] = [
    ["200 HTML page", 200, "<html><body>Maintenance</body></html>", "text/html"],
    ["200 empty body", 200, ""],
    ["200 missing deploymentResult", 200, '{"success":true}'],
    ["200 deploymentResult.success not boolean", 200, '{"success":true,"deploymentResult":{"success":"yes"}}'],
    ["200 success as string", 200, '{"success":"true","deploymentResult":{"success":true}}'],
    ["200 JSON array", 200, "[]"],
    ["200 JSON null", 200, "null"],
    ["400 HTML", 400, "<html>Bad Request</html>", "text/html"],
    ["400 empty", 400, ""],
    ["404 Cannot DELETE page", 404, "Cannot DELETE /apiops/", "text/plain"],
    ["404 JSON without error_description", 404, '{"error":"not_found"}'],
  ];
  for (const [name, status, body, type] of cases) {
    it(name, async () => {
      const r = await answer((_q, res) => {
        res.writeHead(status, { "content-type": type ?? "application/json" });
        res.end(body);
      });
      expect(r).toMatchObject({ ok: false, kind: "unexpected-response", status, body });
      expect(r.ok === false && r.message).toMatch(new RegExp(`HTTP ${status}`));
    });
  }

  it("a 200 with a body over 1 MiB is not trusted and not read in full", async () => {
    const big = `{"success":true,"deploymentResult":{"success":true},"pad":"${"x".repeat(3 * 1024 * 1024)}"}`;
    const r = await answer((_q, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(big);
    });
    expect(r).toMatchObject({ ok: false, kind: "unexpected-response", status: 200 });
    expect(r.ok === false && r.body?.length).toBeGreaterThan(1000 * 1024);
    expect(r.ok === false && r.body?.length).toBeLessThanOrEqual(1024 * 1024);
  });

  it("an endless body is cut at 1 MiB (no memory blow-up, no hang)", async () => {
    const r = await answer((_q, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = (): void => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once("drain", pump);
      };
      pump();
    });
    expect(r).toMatchObject({ ok: false, kind: "unexpected-response", status: 200 });
  });
});

describe("other statuses -> http-error", () => {
  it("204 without a body is not a success", async () => {
    expect(await answer((_q, res) => res.writeHead(204).end())).toMatchObject({
      ok: false,
      kind: "http-error",
      status: 204,
    });
  });
  it("202 and 201 too", async () => {
    expect(await answer((_q, res) => json(res, 202, DELETED_BODY))).toMatchObject({ kind: "http-error", status: 202 });
  });
  it("500 keeps the raw body", async () => {
    expect(await answer((_q, res) => json(res, 500, "boom"))).toMatchObject({
      ok: false,
      kind: "http-error",
      status: 500,
      body: "boom",
    });
  });
  it("403 and 405 are not documented", async () => {
    expect(await answer((_q, res) => json(res, 403, { error: "forbidden", error_description: "nope" }))).toMatchObject({
      kind: "http-error",
      status: 403,
    });
    expect(await answer((_q, res) => json(res, 405, ""))).toMatchObject({ kind: "http-error", status: 405 });
  });
  it("a redirect is not followed: the DELETE and its token never go elsewhere", async () => {
    const r = await answer((q, res) => {
      if (q.url?.startsWith("/elsewhere")) return json(res, 200, DELETED_BODY);
      res.writeHead(307, { location: "/elsewhere/" }).end();
    });
    expect(r).toMatchObject({ ok: false, kind: "http-error", status: 307 });
    expect(r.ok === false && r.message).toContain("/elsewhere/");
    expect(server.requests.filter((q) => q.url.startsWith("/elsewhere"))).toHaveLength(0);
    const r301 = await answer((_q, res) => res.writeHead(301, { location: "http://127.0.0.1:1/" }).end());
    expect(r301).toMatchObject({ kind: "http-error", status: 301 });
  });
});
