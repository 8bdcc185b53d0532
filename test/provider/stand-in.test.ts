// The stand-in in its default, the `success` envelope of the seed page (Apinizer's docs as of
// 2025-12): Delete, Create, Get, List and the healthcheck over real HTTP.
import { describe, expect, it } from "vitest";
import { serve } from "../../src/provider/index.js";
import { call, conn, create, email, listPath, start } from "./support.js";

describe("stand-in, success envelope (default)", () => {
  it("listens on loopback with random tokens by default", async () => {
    const s = await serve();
    try {
      expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(s.envelope).toBe("success");
      expect(s.token).toMatch(/^standin-\S{20,}$/);
      expect(s.limitedToken).toMatch(/^standin-limited-\S{20,}$/);
      expect(s.limitedToken).not.toBe(s.token);
      expect(s.projects()).toEqual(["MyProject"]);
      expect(s.loopback).toBe(true);
    } finally {
      await s.close();
    }
  });

  it("answers the healthcheck without a token, with or without the slash", async () => {
    const s = await start();
    for (const path of ["/apiops/test/healthcheck", "/apiops/test/healthcheck/"]) {
      expect(await call(s, "GET", path, { token: null })).toMatchObject({ status: 200, body: "OK" });
    }
  });

  it("create -> get -> delete -> delete again (400 not found), as the seed documents", async () => {
    const s = await start();
    await create(s, "MyProject", "my-email-connection");
    const got = await call(s, "GET", conn("MyProject", "my-email-connection"));
    expect(got).toMatchObject({ status: 200, body: { success: true, resultList: [{ name: "my-email-connection" }] } });
    expect(s.connections("MyProject")?.map((c) => c.name)).toEqual(["my-email-connection"]);

    const del = await call(s, "DELETE", conn("MyProject", "my-email-connection"));
    expect(del.status).toBe(200);
    expect(del.type).toMatch(/^application\/json/);
    expect(del.body).toMatchObject({ success: true, deploymentResult: { success: true } });

    const again = await call(s, "DELETE", conn("MyProject", "my-email-connection"));
    expect(again).toMatchObject({
      status: 400,
      body: { error: "bad_request", error_description: "Connection (name: my-email-connection) was not found!" },
    });
    expect(s.connections("MyProject")).toEqual([]);
    // Get Connection answers a missing connection with 404 in this envelope.
    expect(await call(s, "GET", conn("MyProject", "my-email-connection"))).toMatchObject({
      status: 404,
      body: { error: "not_found", error_description: "Connection (name: my-email-connection) was not found!" },
    });
  });

  it("always carries a deploymentResult on delete (the seed's body requires it)", async () => {
    const s = await start({ connections: [{ connectionName: "quiet", deployToWorker: false }] });
    const del = await call(s, "DELETE", conn("MyProject", "quiet"));
    expect(del.body).toMatchObject({ success: true, deploymentResult: { success: true } });
  });

  it("treats connection names case-insensitively and project names case-sensitively", async () => {
    const s = await start();
    await create(s, "MyProject", "mixed-name");
    expect((await call(s, "GET", conn("MyProject", "MIXED-Name"))).status).toBe(200);
    expect((await call(s, "DELETE", conn("myproject", "mixed-name"))).body).toEqual({
      error: "not_found",
      error_description: "Project 'myproject' not found",
    });
    expect((await call(s, "DELETE", conn("MyProject", "Mixed-NAME"))).status).toBe(200);
  });

  it("answers 401 for a missing or wrong token, before touching anything", async () => {
    const s = await start();
    await create(s, "MyProject", "kept");
    for (const token of [null, "wrong", ""]) {
      expect(await call(s, "DELETE", conn("MyProject", "kept"), { token })).toMatchObject({
        status: 401,
        body: { error: "unauthorized_client", error_description: "Invalid token" },
      });
    }
    expect(s.connections("MyProject")).toHaveLength(1);
  });

  it("answers 400 for an empty name and 404 for an unknown project", async () => {
    const s = await start();
    expect(await call(s, "DELETE", "/apiops/projects/MyProject/connections//")).toMatchObject({
      status: 400,
      body: { error_description: "Connection name can not be empty!" },
    });
    expect((await call(s, "DELETE", "/apiops/projects//connections/x/")).status).toBe(400);
    expect((await call(s, "DELETE", conn("Nope", "x"))).status).toBe(404);
  });

  it("requires the trailing slash (without it: the unknown-route 404)", async () => {
    const s = await start();
    await create(s, "MyProject", "slashy");
    const r = await call(s, "DELETE", "/apiops/projects/MyProject/connections/slashy");
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ error: "Not Found", path: "/apiops/projects/MyProject/connections/slashy" });
    expect(s.connections("MyProject")).toHaveLength(1);
    expect((await call(s, "PUT", conn("MyProject", "slashy"))).status).toBe(404);
  });

  it("decodes percent-encoded names, and + is a plus, not a space", async () => {
    const s = await start({ projects: ["My Project"] });
    await create(s, "My Project", "with space");
    await create(s, "My Project", "a+b");
    expect(s.connections("My Project")?.map((c) => c.name)).toEqual(["a+b", "with space"]);
    expect((await call(s, "GET", "/apiops/projects/My%20Project/connections/a+b/")).status).toBe(200);
    expect((await call(s, "GET", "/apiops/projects/My%20Project/connections/a%2bb/")).status).toBe(200);
    expect((await call(s, "GET", "/apiops/projects/My%20Project/connections/a%20b/")).status).toBe(404);
  });

  it("validates the Create body and rejects an existing name unless upserting", async () => {
    const s = await start();
    for (const body of [email("b"), { name: "a" }, "{not json", [email("a")]]) {
      const r = await call(s, "POST", conn("MyProject", "a"), { body });
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ error: "bad_request", error_description: expect.any(String) });
    }
    expect((await call(s, "POST", conn("MyProject", "A"), { body: email("a") })).status).toBe(200);
    const dup = await call(s, "POST", conn("MyProject", "a"), { body: email("a") });
    expect(dup).toMatchObject({ status: 400, body: { error_description: "Connection (name: a) already exists!" } });

    const u = await start({ behaviour: { createExisting: "upsert" } });
    await create(u, "MyProject", "a");
    expect((await call(u, "POST", conn("MyProject", "a"), { body: { ...email("a"), port: 25 } })).status).toBe(200);
    expect(u.connections("MyProject")?.[0]?.["port"]).toBe(25);
  });

  it("lists a project's connections, by type when asked, with secrets as null", async () => {
    const s = await start();
    await create(s, "MyProject", "b", { password: "hunter2" });
    await create(s, "MyProject", "a");
    await create(s, "MyProject", "k", { type: "kafka" });
    const r = await call(s, "GET", listPath("MyProject"));
    expect(r.body).toMatchObject({
      success: true,
      resultCount: 3,
      resultList: [{ name: "a" }, { name: "b" }, { name: "k" }],
    });
    expect(JSON.stringify(r.body)).not.toContain("hunter2");
    const kafka = await call(s, "GET", listPath("MyProject", "type=kafka"));
    expect(kafka.body).toMatchObject({ resultCount: 1, resultList: [{ name: "k", type: "kafka" }] });
    // Get Connection returns a connection in full, secrets included (Get Connection page).
    expect((await call(s, "GET", conn("MyProject", "b"))).body).toMatchObject({
      resultList: [{ password: "hunter2" }],
    });
  });

  it("gives copies: changing what connections() returned changes nothing", async () => {
    const s = await start({ connections: [{ connectionName: "c1" }] });
    const [c] = s.connections("MyProject") ?? [];
    if (c) c.name = "changed";
    expect(s.connections("MyProject")?.[0]?.name).toBe("c1");
    expect(s.connections("Nope")).toBeUndefined();
  });
});
