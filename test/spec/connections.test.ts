// Get, List and Create Connection, the operations backup, restore and verify's fixtures use: in
// the spec with both envelopes, the connection object's common fields and its `type`
// discriminator, type-specific fields allowed, and Get's missing connection as 404 or 400.
import { beforeAll, describe, expect, it } from "vitest";
import { meaningOf } from "../../src/rules/wording.js";
import { envelopeView } from "../support/envelope-view.js";
import { examplesOf, openApiAjv, validate } from "../support/examples.js";
import { bundledSpec, type Spec } from "../support/spec.js";

const ONE = "/apiops/projects/{projectName}/connections/{connectionName}/";
const ALL = "/apiops/projects/{projectName}/connections/";

let spec: Spec;
beforeAll(async () => {
  spec = await bundledSpec();
});

const operation = (path: string, method: string): Spec => spec["paths"][path][method];
const schemaOf = (path: string, method: string, status: string, doc: Spec = spec): Spec =>
  doc["paths"][path][method].responses[status].content["application/json"].schema;
const examples = (method: string, path: string, status: string) =>
  examplesOf(spec).filter((e) => e.where.startsWith(`${method.toUpperCase()} ${path} ${status} `));

/** A Get answer in `envelope` holding `connection`. */
const found = (envelope: "success" | "status", connection: unknown) =>
  envelope === "success"
    ? { success: true, resultList: [connection], resultCount: 1 }
    : { status: "SUCCESS", resultList: [connection], resultCount: 1 };

describe("Get, List and Create Connection in the spec", () => {
  it("are there, each with its operationId and the path's trailing slash", () => {
    expect(operation(ONE, "get").operationId).toBe("getConnection");
    expect(operation(ONE, "post").operationId).toBe("createConnection");
    expect(operation(ALL, "get").operationId).toBe("listConnections");
    expect(operation(ALL, "get").parameters).toEqual([
      expect.objectContaining({ name: "type", in: "query", required: true }),
    ]);
  });

  it("answer 200 in both envelopes, with examples of each", () => {
    const ajv = openApiAjv();
    for (const [method, path] of [
      ["get", ONE],
      ["get", ALL],
      ["post", ONE],
    ] as const) {
      const seen = new Set<string>();
      for (const envelope of ["success", "status"] as const) {
        const view = envelopeView(spec, envelope);
        for (const example of examples(method, path, "200")) {
          if (validate(ajv, schemaOf(path, method, "200", view), example.value) === undefined) seen.add(envelope);
        }
      }
      expect([...seen].sort(), `${method} ${path}`).toEqual(["status", "success"]);
    }
  });

  it("describe the connection by its common fields and the type discriminator, allowing the type's own fields", () => {
    const ajv = openApiAjv();
    const connection = {
      type: "kafka",
      name: "events",
      description: null,
      deployToWorker: true,
      enabled: true,
      topicName: "events",
      bootstrapServers: "localhost:9092",
      saslPassword: "s3cret",
    };
    for (const envelope of ["success", "status"] as const) {
      const schema = schemaOf(ONE, "get", "200", envelopeView(spec, envelope));
      expect(validate(ajv, schema, found(envelope, connection)), envelope).toBeUndefined();
      // No `type`: not a connection.
      const { type: _type, ...untyped } = connection;
      expect(validate(ajv, schema, found(envelope, untyped)), envelope).toContain("type");
    }
    const body = operation(ONE, "post").requestBody.content["application/json"].schema;
    expect(body.required).toEqual(["type", "name"]);
    expect(body.additionalProperties).toBe(true);
    expect(Object.keys(body.properties)).toEqual(
      expect.arrayContaining(["type", "name", "description", "deployToWorker", "enabled"]),
    );
  });

  it("document Get's missing connection as 404 and as 400, each in the not-found wording", () => {
    for (const status of ["404", "400"]) {
      const notFound = examples("get", ONE, status).filter(
        (e) => meaningOf(JSON.stringify(e.value), ["my-email-connection"]) === "connection-not-found",
      );
      expect(notFound.length, status).toBeGreaterThanOrEqual(2);
    }
    expect(operation(ONE, "get").description).toMatch(/404[^.]*400|400[^.]*404/);
  });

  it("document Create's answer to an existing name: 400 on older servers, an update on newer ones", () => {
    const exists = examples("post", ONE, "400").filter((e) => JSON.stringify(e.value).includes("already exists!"));
    expect(exists.map((e) => e.summary)).toEqual([
      expect.stringContaining("(success envelope)"),
      expect.stringContaining("(status envelope)"),
    ]);
    expect(operation(ONE, "post").description).toMatch(/upsert/);
  });

  it("say List masks secrets as null and Get answers them in full", () => {
    expect(operation(ALL, "get").description).toMatch(/secret fields come as `null`/);
    expect(operation(ONE, "get").description).toMatch(/secret fields in full/);
  });
});
