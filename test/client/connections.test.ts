// getConnection, listConnections and createConnection, and deleteConnection's read-before-delete
// (`backup`): the same result style and rules as deleteConnection, against the stand-in in both
// envelopes and a recording server for what the stand-in never does.
import { describe, expect, it, onTestFinished } from "vitest";
import { type Connection, createConnectionsClient, MAX_LIST_BYTES } from "../../src/client/index.js";
import { type ServeOptions, serve } from "../../src/provider/index.js";
import { json, startServer } from "./server.js";

const TOKEN = "tok-connections-0123456789";
const P = "MyProject";

/** Two connections of two types, each with a secret, as Create takes them. */
const MAIL: Connection = {
  type: "email",
  name: "mail-out",
  description: "outgoing mail",
  deployToWorker: true,
  enabled: true,
  host: "smtp.example.com",
  port: 587,
  username: "robot@example.com",
  password: "mail-secret-Zq81",
  additionalProperties: [],
};
const KAFKA: Connection = {
  type: "kafka",
  name: "events",
  deployToWorker: false,
  enabled: true,
  topicName: "events",
  bootstrapServers: "localhost:9092",
  saslPassword: "kafka-secret-Yx42",
};

async function standIn(options: ServeOptions = {}) {
  const s = await serve({ token: TOKEN, projects: [P], ...options });
  onTestFinished(() => s.close());
  const client = createConnectionsClient({ baseUrl: s.url, token: TOKEN });
  for (const c of [MAIL, KAFKA]) {
    const created = await client.createConnection({ projectName: P, connectionName: c.name }, c);
    expect(created.ok, JSON.stringify(created)).toBe(true);
  }
  return { s, client };
}

describe.each(["success", "status"] as const)("against the stand-in (%s envelope)", (envelope) => {
  it("getConnection answers the whole definition, secrets in full, as created", async () => {
    const { client } = await standIn({ envelope });
    for (const c of [MAIL, KAFKA]) {
      const found = await client.getConnection({ projectName: P, connectionName: c.name.toUpperCase() });
      expect(found).toMatchObject({ ok: true, status: 200, envelope, connection: c });
    }
  });

  it("a missing connection is connection-not-found, whatever status the server picks", async () => {
    const { client } = await standIn({ envelope });
    const missing = await client.getConnection({ projectName: P, connectionName: "nope" });
    expect(missing).toMatchObject({
      ok: false,
      kind: "connection-not-found",
      status: envelope === "success" ? 404 : 400,
    });
    const noProject = await client.getConnection({ projectName: "Other", connectionName: "nope" });
    expect(noProject).toMatchObject({ ok: false, kind: "project-not-found" });
  });

  it("listConnections lists one type, secrets as null", async () => {
    const { client } = await standIn({ envelope });
    const listed = await client.listConnections({ projectName: P, type: "kafka" });
    expect(listed).toMatchObject({ ok: true, status: 200, envelope });
    if (!listed.ok) return;
    expect(listed.connections).toEqual([{ ...KAFKA, saslPassword: null }]);
  });

  it("createConnection of an existing name: connection-exists on servers that refuse, 200 on servers that upsert", async () => {
    const { client } = await standIn({ envelope });
    const again = await client.createConnection({ projectName: P, connectionName: MAIL.name }, MAIL);
    if (envelope === "success") expect(again).toMatchObject({ ok: false, kind: "connection-exists", status: 400 });
    else expect(again).toMatchObject({ ok: true, status: 200, workers: "deployed" });
  });

  it("deleteConnection with backup hands the definition over before the delete", async () => {
    const { client } = await standIn({ envelope });
    const seen: Connection[] = [];
    const result = await client.deleteConnection(
      { projectName: P, connectionName: MAIL.name },
      { backup: (definition) => void seen.push(definition) },
    );
    expect(result).toMatchObject({ ok: true, deleted: true });
    expect(seen).toEqual([MAIL]);
    expect(await client.getConnection({ projectName: P, connectionName: MAIL.name })).toMatchObject({
      kind: "connection-not-found",
    });
  });

  it("deleteConnection deletes nothing when the backup throws or the read fails", async () => {
    const { client } = await standIn({ envelope });
    const failed = await client.deleteConnection(
      { projectName: P, connectionName: MAIL.name },
      {
        backup: async () => {
          throw new Error(`ENOSPC: no space left on device (token ${TOKEN})`);
        },
      },
    );
    expect(failed).toMatchObject({ ok: false, kind: "not-backed-up", stage: "write" });
    expect(JSON.stringify(failed)).not.toContain(TOKEN);
    expect(await client.getConnection({ projectName: P, connectionName: MAIL.name })).toMatchObject({ ok: true });
    const missing = await client.deleteConnection(
      { projectName: P, connectionName: "nope" },
      { backup: () => {}, ignoreMissing: true },
    );
    expect(missing).toMatchObject({
      ok: false,
      kind: "not-backed-up",
      stage: "read",
      read: { kind: "connection-not-found" },
    });
  });
});

describe("rules shared with deleteConnection", () => {
  it("refuses names that could address another resource, and a definition for another name, sending nothing", async () => {
    const server = await startServer();
    onTestFinished(() => server.close());
    const client = createConnectionsClient({ baseUrl: server.url, token: TOKEN });
    expect(await client.getConnection({ projectName: P, connectionName: ".." })).toMatchObject({
      kind: "invalid-argument",
    });
    expect(await client.listConnections({ projectName: "a/b", type: "email" })).toMatchObject({
      kind: "invalid-argument",
    });
    expect(await client.listConnections({ projectName: P, type: "email&x=1" })).toMatchObject({
      kind: "invalid-argument",
    });
    expect(await client.createConnection({ projectName: P, connectionName: "other" }, MAIL)).toMatchObject({
      kind: "invalid-argument",
      message: expect.stringContaining("definition.name"),
    });
    expect(server.requests).toEqual([]);
  });

  it("sends GET and POST to the spec's paths with the token, the list's type as its only query", async () => {
    const server = await startServer((req, res) =>
      req.method === "POST"
        ? json(res, 200, { status: "SUCCESS" })
        : json(res, 200, { status: "SUCCESS", resultList: [MAIL], resultCount: 1 }),
    );
    onTestFinished(() => server.close());
    const client = createConnectionsClient({ baseUrl: server.url, token: TOKEN });
    await client.getConnection({ projectName: "My Project", connectionName: MAIL.name });
    await client.listConnections({ projectName: P, type: "email" });
    await client.createConnection({ projectName: P, connectionName: MAIL.name }, MAIL);
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      "GET /apiops/projects/My%20Project/connections/mail-out/",
      "GET /apiops/projects/MyProject/connections/?type=email",
      "POST /apiops/projects/MyProject/connections/mail-out/",
    ]);
    expect(server.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it("retries a GET on 503, never a POST", async () => {
    const server = await startServer((_req, res, i) =>
      i === 0 ? json(res, 503, "busy") : json(res, 200, { status: "SUCCESS", resultList: [MAIL] }),
    );
    onTestFinished(() => server.close());
    const client = createConnectionsClient({ baseUrl: server.url, token: TOKEN, retries: 2 });
    expect(await client.getConnection({ projectName: P, connectionName: MAIL.name })).toMatchObject({ ok: true });
    expect(server.requests).toHaveLength(2);
    server.handler = (_req, res) => json(res, 503, "busy");
    const created = await client.createConnection({ projectName: P, connectionName: MAIL.name }, MAIL);
    expect(created).toMatchObject({ ok: false, kind: "http-error", status: 503 });
    expect(created.ok ? "" : created.message).toContain("may or may not have been created");
    expect(server.requests).toHaveLength(3);
  });

  it("does not follow a redirect, and never reports a 200 that is not the connection asked for", async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(302, { location: "http://elsewhere.example/" });
      res.end();
    });
    onTestFinished(() => server.close());
    const client = createConnectionsClient({ baseUrl: server.url, token: TOKEN });
    expect(await client.getConnection({ projectName: P, connectionName: MAIL.name })).toMatchObject({
      kind: "http-error",
      status: 302,
    });
    expect(server.requests).toHaveLength(1);
    for (const body of [
      { status: "SUCCESS", resultList: [KAFKA] },
      { status: "SUCCESS", resultList: [] },
      { status: "FAILURE", resultList: [MAIL] },
      { success: false, resultList: [MAIL] },
      { status: "SUCCESS", success: false, resultList: [MAIL] }, // discriminators that disagree
    ]) {
      server.handler = (_req, res) => json(res, 200, body);
      expect(
        await client.getConnection({ projectName: P, connectionName: MAIL.name }),
        JSON.stringify(body),
      ).toMatchObject({
        ok: false,
        kind: "unexpected-response",
      });
    }
  });

  it("reads a List answer past Delete's 1 MiB, up to its own bound", async () => {
    const many = Array.from({ length: 3000 }, (_, i) => ({ ...MAIL, name: `mail-${i}`, description: "x".repeat(400) }));
    const body = JSON.stringify({ status: "SUCCESS", resultList: many, resultCount: many.length });
    expect(body.length).toBeGreaterThan(1024 * 1024);
    expect(body.length).toBeLessThan(MAX_LIST_BYTES);
    const server = await startServer((_req, res) => json(res, 200, body));
    onTestFinished(() => server.close());
    const client = createConnectionsClient({ baseUrl: server.url, token: TOKEN });
    const listed = await client.listConnections({ projectName: P, type: "email" });
    expect(listed.ok && listed.connections.length).toBe(3000);
    // Get keeps the 1 MiB bound.
    const got = await client.getConnection({ projectName: P, connectionName: MAIL.name });
    expect(got).toMatchObject({
      ok: false,
      kind: "unexpected-response",
      message: expect.stringContaining("larger than"),
    });
  });

  it("redacts the token the server echoes, in a definition too", async () => {
    const server = await startServer((_req, res) =>
      json(res, 200, { status: "SUCCESS", resultList: [{ ...MAIL, description: `made with ${TOKEN}` }] }),
    );
    onTestFinished(() => server.close());
    const client = createConnectionsClient({ baseUrl: server.url, token: TOKEN });
    const found = await client.getConnection({ projectName: P, connectionName: MAIL.name });
    expect(JSON.stringify(found)).not.toContain(TOKEN);
    expect(found).toMatchObject({ ok: true, connection: { description: "made with [REDACTED]" } });
  });
});
