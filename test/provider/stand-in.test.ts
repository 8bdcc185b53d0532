import { afterEach, describe, expect, it } from "vitest";
import { type StandIn, serve } from "../../src/provider/index.js";
import { emailConnection } from "../../src/verify/apinizer.js";

const opened: StandIn[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

async function start(options: Parameters<typeof serve>[0] = {}): Promise<StandIn> {
  const s = await serve({ token: "tok-123", ...options });
  opened.push(s);
  return s;
}

// The verifier's own fixture body, so the stand-in is tested with what `verify` sends.
const email = (name: string) => emailConnection(name, "stand-in-test");

async function call(s: StandIn, method: string, path: string, init: { token?: string | null; body?: unknown } = {}) {
  const headers: Record<string, string> = {};
  const token = init.token === undefined ? s.token : init.token;
  if (token !== null) headers["authorization"] = `Bearer ${token}`;
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${s.url}${path}`, {
    method,
    headers,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* text */
  }
  return { status: res.status, type: res.headers.get("content-type") ?? "", body };
}

const conn = (p: string, c: string) => `/apiops/projects/${p}/connections/${c}/`;

describe("stand-in", () => {
  it("listens on loopback with a random token by default", async () => {
    const s = await serve();
    opened.push(s);
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(s.token).toMatch(/^standin-\S{20,}$/);
    expect(s.projects()).toEqual(["MyProject"]);
  });

  it("answers the healthcheck without a token", async () => {
    const s = await start();
    const r = await call(s, "GET", "/apiops/test/healthcheck", { token: null });
    expect(r).toMatchObject({ status: 200, body: "OK" });
  });

  it("create -> get -> delete -> delete again (400 not found), as the seed documents", async () => {
    const s = await start();
    expect(
      (await call(s, "POST", conn("MyProject", "my-email-connection"), { body: email("my-email-connection") })).status,
    ).toBe(200);
    expect((await call(s, "GET", conn("MyProject", "my-email-connection"))).status).toBe(200);
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
    // Get Connection, as Apinizer documents it, answers a missing connection with 404.
    expect(await call(s, "GET", conn("MyProject", "my-email-connection"))).toMatchObject({
      status: 404,
      body: { error: "not_found", error_description: "Connection (name: my-email-connection) was not found!" },
    });
  });

  it("treats connection names case-insensitively and project names case-sensitively", async () => {
    const s = await start();
    await call(s, "POST", conn("MyProject", "mixed-name"), { body: email("mixed-name") });
    expect((await call(s, "GET", conn("MyProject", "MIXED-Name"))).status).toBe(200);
    expect((await call(s, "DELETE", conn("myproject", "mixed-name"))).body).toEqual({
      error: "not_found",
      error_description: "Project 'myproject' not found",
    });
    expect((await call(s, "DELETE", conn("MyProject", "Mixed-NAME"))).status).toBe(200);
  });

  it("answers 401 for a missing or wrong token, before touching anything", async () => {
    const s = await start();
    await call(s, "POST", conn("MyProject", "kept"), { body: email("kept") });
    for (const token of [null, "wrong"]) {
      expect(await call(s, "DELETE", conn("MyProject", "kept"), { token })).toMatchObject({
        status: 401,
        body: { error: "unauthorized_client", error_description: "Invalid token" },
      });
    }
    expect(s.connections("MyProject")).toHaveLength(1);
  });

  it("answers 400 for an empty connection name and 404 for an unknown project", async () => {
    const s = await start();
    expect((await call(s, "DELETE", "/apiops/projects/MyProject/connections//")).status).toBe(400);
    expect((await call(s, "DELETE", conn("Nope", "x"))).status).toBe(404);
  });

  it("requires the trailing slash (without it: the unknown-route 404)", async () => {
    const s = await start();
    await call(s, "POST", conn("MyProject", "slashy"), { body: email("slashy") });
    const r = await call(s, "DELETE", "/apiops/projects/MyProject/connections/slashy");
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ error: "Not Found" });
    expect(s.connections("MyProject")).toHaveLength(1);
  });

  it("decodes percent-encoded names", async () => {
    const s = await start({ projects: ["My Project"] });
    await call(s, "POST", conn("My%20Project", "with%20space"), { body: email("with space") });
    expect(s.connections("My Project")?.[0]?.name).toBe("with space");
  });

  it("validates the Create body and rejects an existing name unless upserting", async () => {
    const s = await start();
    expect((await call(s, "POST", conn("MyProject", "a"), { body: email("b") })).status).toBe(400);
    expect((await call(s, "POST", conn("MyProject", "a"), { body: { name: "a" } })).status).toBe(400);
    expect((await call(s, "POST", conn("MyProject", "a"), { body: email("a") })).status).toBe(200);
    const dup = await call(s, "POST", conn("MyProject", "a"), { body: email("a") });
    expect(dup).toMatchObject({ status: 400, body: { error_description: "Connection (name: a) already exists!" } });

    const u = await start({ behaviour: { createExisting: "upsert" } });
    await call(u, "POST", conn("MyProject", "a"), { body: email("a") });
    expect((await call(u, "POST", conn("MyProject", "a"), { body: { ...email("a"), port: 25 } })).status).toBe(200);
    expect(u.connections("MyProject")?.[0]?.["port"]).toBe(25);
  });

  it("lists a project's connections", async () => {
    const s = await start();
    await call(s, "POST", conn("MyProject", "b"), { body: email("b") });
    await call(s, "POST", conn("MyProject", "a"), { body: email("a") });
    const r = await call(s, "GET", "/apiops/projects/MyProject/connections/");
    expect(r.body).toMatchObject({ resultCount: 2, resultList: [{ name: "a" }, { name: "b" }] });
  });

  it("lets a behaviour override rewrite answers", async () => {
    const s = await start({
      behaviour: {
        reply: (reply, ctx) => (ctx.outcome === "project-not-found" ? { ...reply, status: 400 } : undefined),
      },
    });
    expect((await call(s, "DELETE", conn("Nope", "x"))).status).toBe(400);
    expect((await call(s, "DELETE", conn("MyProject", "x"))).status).toBe(400);
  });
});
