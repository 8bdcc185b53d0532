// Pact consumer tests: each drives the project's own client against Pact's mock server through
// one documented outcome of Delete Connection, and checks what the client made of it.
import { randomUUID } from "node:crypto";
import { PactV4, SpecificationVersion } from "@pact-foundation/pact";
import { describe, expect, it } from "vitest";
import { createConnectionsClient } from "../../src/client/index.js";
import { example, interactions, otherCase } from "./interactions.js";
import { consumer, pactDir, provider } from "./pact.js";

const pact = new PactV4({
  consumer,
  provider,
  dir: pactDir,
  spec: SpecificationVersion.SPECIFICATION_VERSION_V4,
  logLevel: "warn",
});

// A fresh token per run: test/contracts proves it never reaches the pact file.
const token = `test-${randomUUID()}`;
const clientFor = (baseUrl: string) => createConnectionsClient({ baseUrl, token, timeoutMs: 5_000 });

describe("Delete Connection, as the client uses it", () => {
  it("deletes a connection that exists", async () => {
    await interactions.connectionExists(pact).executeTest(async (server) => {
      const result = await clientFor(server.url).deleteConnection(example);
      expect(result).toEqual({
        ok: true,
        status: 200,
        deleted: true,
        data: { success: true, deploymentResult: { success: true } },
      });
    });
  });

  it("deletes a connection named in another letter case (names are case-insensitive)", async () => {
    await interactions.connectionExistsInOtherCase(pact).executeTest(async (server) => {
      const result = await clientFor(server.url).deleteConnection(otherCase);
      expect(result).toMatchObject({ ok: true, status: 200, deleted: true });
    });
  });

  it("reports a connection that does not exist", async () => {
    await interactions.connectionMissing(pact).executeTest(async (server) => {
      const result = await clientFor(server.url).deleteConnection(example);
      expect(result).toMatchObject({
        ok: false,
        status: 400,
        kind: "connection-not-found",
        message: `Connection (name: ${example.connectionName}) was not found!`,
      });
    });
  });

  it("reports an invalid token", async () => {
    await interactions.tokenInvalid(pact).executeTest(async (server) => {
      const result = await clientFor(server.url).deleteConnection(example);
      expect(result).toMatchObject({ ok: false, status: 401, kind: "unauthorized", message: "Invalid token" });
    });
  });

  it("reports a project that does not exist", async () => {
    await interactions.projectMissing(pact).executeTest(async (server) => {
      const result = await clientFor(server.url).deleteConnection(example);
      expect(result).toMatchObject({
        ok: false,
        status: 404,
        kind: "project-not-found",
        message: `Project '${example.projectName}' not found`,
      });
    });
  });
});
