// Every fact of both documentation pages of Delete Connection is in the spec: the seed page's
// (`success` envelope) and Apinizer's current pages' (`status` envelope). The facts are tables in
// test/support (the pages are never copied nor read); each envelope's facts are checked against
// that envelope's view of the spec, so a fact cannot be satisfied by the other envelope.
import { beforeAll, describe, expect, it } from "vitest";
import { envelopeView, statusesOf } from "../support/envelope-view.js";
import { examplesOf, openApiAjv, validate } from "../support/examples.js";
import type { FieldFact, PageFacts } from "../support/page-facts.js";
import { SEED_FACTS } from "../support/seed-facts.js";
import { bundledSpec, type Spec } from "../support/spec.js";
import { STATUS_FACTS } from "../support/status-facts.js";

let spec: Spec;
beforeAll(async () => {
  spec = await bundledSpec();
});

/** The schema of a field given by its dotted path, and the object schema that holds it. */
/**
 * A property as a page types it: a server may leave it unset, written as `null` (openapi/README),
 * so `[T, "null"]` reads as T and a `oneOf` of one schema and `{type: "null"}` as that schema
 * (with the property's own description).
 */
function withoutNull(property: Spec | undefined): Spec | undefined {
  if (property === undefined) return undefined;
  if (Array.isArray(property["oneOf"])) {
    const rest = (property["oneOf"] as Spec[]).filter((branch) => branch["type"] !== "null");
    if (rest.length === 1 && rest.length < property["oneOf"].length)
      return { ...rest[0], description: property["description"] ?? rest[0]?.["description"] };
  }
  if (Array.isArray(property["type"])) {
    const rest = (property["type"] as string[]).filter((type) => type !== "null");
    if (rest.length === 1) return { ...property, type: rest[0] };
  }
  return property;
}

function fieldSchema(root: Spec, field: string): { parent: Spec; leaf: string; schema: Spec | undefined } {
  const names = field.split(".");
  let parent = root;
  for (const name of names.slice(0, -1)) parent = withoutNull(parent["properties"]?.[name]) ?? {};
  const leaf = names.at(-1) ?? "";
  return { parent, leaf, schema: withoutNull(parent["properties"]?.[leaf]) };
}

function expectFields(schema: Spec, fields: readonly FieldFact[]) {
  for (const { field, type, required, about } of fields) {
    const { parent, leaf, schema: property } = fieldSchema(schema, field);
    expect(property?.["type"], field).toBe(type);
    expect((parent["required"] ?? []).includes(leaf), `${field} required`).toBe(required);
    expect(property?.["description"] ?? "", field).toMatch(about);
    if (type === "object") expect(property?.["additionalProperties"], field).not.toBe(false);
  }
}

const operationOf = (spec: Spec, facts: PageFacts): Spec => spec["paths"][facts.path][facts.method];
const mediaOf = (spec: Spec, facts: PageFacts, status: number | string): Spec =>
  operationOf(spec, facts)["responses"][status].content["application/json"];

/** Each check takes the whole spec and one page's facts, and throws (an assertion) when a fact is missing. */
const CHECKS: Record<string, (spec: Spec, facts: PageFacts) => void> = {
  "has the endpoint, with its trailing slash": (spec, facts) => {
    // Get, Create (same path) and List Connections sit beside it: the toolkit uses them too.
    expect(Object.keys(spec["paths"])).toContain(facts.path);
    expect(Object.keys(spec["paths"]).every((path) => path.endsWith("/"))).toBe(true);
    expect(spec["paths"][facts.path][facts.method]?.operationId).toBe("deleteConnection");
  },
  "requires a bearer Personal API Access Token": (spec, facts) => {
    const scheme = spec["components"].securitySchemes.bearerAuth;
    expect(operationOf(spec, facts)["security"]).toEqual([{ bearerAuth: [] }]);
    expect(scheme).toMatchObject({ type: "http", scheme: "bearer" });
    expect(scheme.description).toContain(facts.auth.token);
    expect(scheme.description).toContain(facts.auth.header);
  },
  "has each path parameter, typed, required and described": (spec, facts) => {
    const parameters = spec["paths"][facts.path].parameters as Spec[];
    expect(parameters.map((p) => p["name"])).toEqual(facts.pathParameters.map((p) => p.name));
    for (const { name, type, required, about } of facts.pathParameters) {
      const parameter = parameters.find((p) => p["name"] === name);
      expect(parameter).toMatchObject({ in: "path", required, schema: { type, minLength: 1 } });
      expect(parameter?.["description"], name).toMatch(about);
    }
  },
  "has no query parameter and no request body, and says so": (spec, facts) => {
    const operation = operationOf(spec, facts);
    const all = [...(spec["paths"][facts.path].parameters ?? []), ...(operation["parameters"] ?? [])];
    expect(all.filter((p: Spec) => p["in"] !== "path")).toEqual([]);
    expect(operation["requestBody"]).toBeUndefined();
    expect(operation["description"]).toMatch(/no query parameters and no request body/);
  },
  "answers in this envelope with exactly the page's statuses": (spec, facts) => {
    expect(statusesOf(envelopeView(spec, facts.envelope), facts.path)).toEqual(Object.keys(facts.statuses));
  },
  "has each of the page's JSON bodies as a named example of its status, valid in this envelope": (spec, facts) => {
    const view = envelopeView(spec, facts.envelope);
    const ajv = openApiAjv();
    // This operation's examples only: other operations reuse some of the same bodies.
    const examples = examplesOf(view).filter((e) => e.where.startsWith(`${facts.method.toUpperCase()} ${facts.path} `));
    for (const [status, bodies] of Object.entries(facts.statuses)) {
      for (const body of bodies) {
        const named = examples.filter((e) => e.status === status && JSON.stringify(e.value) === JSON.stringify(body));
        expect(named, `${status} ${JSON.stringify(body)}`).toHaveLength(1);
        expect(named[0]?.summary).toContain(`(${facts.envelope} envelope`);
        expect(validate(ajv, mediaOf(view, facts, status).schema, body)).toBeUndefined();
      }
    }
  },
  "has every field of a successful answer, typed, required as the page says, described": (spec, facts) => {
    expectFields(mediaOf(envelopeView(spec, facts.envelope), facts, 200).schema, facts.successFields);
  },
  "has one error shape, with every error field, for every error status": (spec, facts) => {
    const view = envelopeView(spec, facts.envelope);
    const errors = Object.keys(facts.statuses).filter((s) => s !== "200");
    const schemas = errors.map((s) => mediaOf(view, facts, s).schema);
    for (const schema of schemas) expect(schema).toEqual(schemas[0]);
    expectFields(schemas[0], facts.errorFields);
  },
  "accepts fields it does not name (real servers add them)": (spec, facts) => {
    const view = envelopeView(spec, facts.envelope);
    const ajv = openApiAjv();
    for (const [status, bodies] of Object.entries(facts.statuses)) {
      for (const body of bodies) {
        const extra = { ...(body as object), resultCount: 0, unknownField: [1] };
        expect(validate(ajv, mediaOf(view, facts, status).schema, extra), `${status} + extra fields`).toBeUndefined();
      }
    }
  },
  "accepts null for every field a server may leave unset, never for a required one (Java servers write null)": (
    spec,
    facts,
  ) => {
    const ajv = openApiAjv();
    const schema = mediaOf(envelopeView(spec, facts.envelope), facts, 200).schema;
    const example = (facts.statuses["200"] ?? [])[0] as Record<string, unknown>;
    for (const { field, required } of facts.successFields.filter((f) => !f.field.includes("."))) {
      const verdict = validate(ajv, schema, { ...example, [field]: null });
      if (required) expect(verdict, `${field}: null`).toBeDefined();
      else expect(verdict, `${field}: null`).toBeUndefined();
    }
  },
  "gives every cause of a 400 the page lists": (spec, facts) => {
    const description = operationOf(spec, facts)["responses"]["400"].description.replace(/\s+/g, " ");
    for (const cause of facts.badRequestCauses) expect(description, cause.label).toMatch(cause.about);
  },
  "says what the operation does, as the page's overview": (spec, facts) => {
    expect(operationOf(spec, facts)["description"], facts.overview.label).toMatch(facts.overview.about);
  },
  "states every note and warning, each under its label": (spec, facts) => {
    const description = operationOf(spec, facts)["description"].replace(/\s+/g, " ");
    for (const note of facts.notes) {
      const bullet = description.split(" - ").find((b: string) => b.startsWith(`**${note.label}**:`));
      expect(bullet, note.label).toMatch(note.about);
    }
  },
  "names the permission the caller's user needs, if the page does": (spec, facts) => {
    if (facts.permission)
      expect(operationOf(spec, facts)["description"].replace(/\s+/g, " ")).toContain(facts.permission);
  },
  "has the page's cURL sample: method, URL and header": (spec, facts) => {
    const sources = (operationOf(spec, facts)["x-codeSamples"] as Spec[]).map((s) => s["source"] as string);
    const sample = sources.find((s) => s.includes(facts.curl.url));
    expect(sample).toContain(`-X ${facts.curl.method}`);
    expect(sample).toContain(`"${facts.curl.url}"`);
    expect(sample).toContain(`-H "${facts.curl.header}"`);
  },
};

describe.each([SEED_FACTS, STATUS_FACTS])("the spec carries every fact of $page", (facts) => {
  it.each(Object.keys(CHECKS))("%s", (name) => CHECKS[name]?.(spec, facts));
});

const PATH = SEED_FACTS.path;
const responses = (spec: Spec) => spec["paths"][PATH].delete.responses;

describe("a missing fact is reported", () => {
  it.each<[string, PageFacts, string, (spec: Spec) => void]>([
    [
      "a 404 that also admits the status envelope",
      STATUS_FACTS,
      "answers in this envelope with exactly the page's statuses",
      (s) =>
        (responses(s)["404"].content["application/json"].schema =
          responses(s)["400"].content["application/json"].schema),
    ],
    [
      "a 401 that lost its status-envelope branch",
      STATUS_FACTS,
      "answers in this envelope with exactly the page's statuses",
      (s) =>
        (responses(s)["401"].content["application/json"].schema =
          responses(s)["404"].content["application/json"].schema),
    ],
    [
      "a seed example changed by one character",
      SEED_FACTS,
      "has each of the page's JSON bodies as a named example of its status, valid in this envelope",
      (s) => (responses(s)["404"].content["application/json"].examples.projectNotFound.value.error = "not found"),
    ],
    [
      "a status-envelope example missing",
      STATUS_FACTS,
      "has each of the page's JSON bodies as a named example of its status, valid in this envelope",
      (s) => delete responses(s)["401"].content["application/json"].examples.tokenExpiredStatus,
    ],
    [
      "deploymentResult made optional in the success envelope",
      SEED_FACTS,
      "has every field of a successful answer, typed, required as the page says, described",
      (s) => (responses(s)["200"].content["application/json"].schema.oneOf[0].required = ["success"]),
    ],
    [
      "deploymentResult made required in the status envelope",
      STATUS_FACTS,
      "has every field of a successful answer, typed, required as the page says, described",
      (s) => responses(s)["200"].content["application/json"].schema.oneOf[1].required.push("deploymentResult"),
    ],
    [
      "resultMessage typed as an object",
      STATUS_FACTS,
      "has one error shape, with every error field, for every error status",
      (s) => (responses(s)["500"].content["application/json"].schema.properties.resultMessage.type = "object"),
    ],
    [
      "an error schema that refuses unknown fields",
      SEED_FACTS,
      "accepts fields it does not name (real servers add them)",
      (s) => (responses(s)["404"].content["application/json"].schema.additionalProperties = false),
    ],
    [
      "the missing permission dropped from the 400's causes",
      STATUS_FACTS,
      "gives every cause of a 400 the page lists",
      (s) => (responses(s)["400"].description = responses(s)["400"].description.replace(/CONNECTIONS \+ MANAGE/, "")),
    ],
    [
      "the overview reworded away",
      STATUS_FACTS,
      "says what the operation does, as the page's overview",
      (s) => (s["paths"][PATH].delete.description = s["paths"][PATH].delete.description.replace("for good", "")),
    ],
    [
      "a note dropped",
      SEED_FACTS,
      "states every note and warning, each under its label",
      (s) => (s["paths"][PATH].delete.description = s["paths"][PATH].delete.description.replace("**References**", "")),
    ],
    [
      "a query parameter",
      SEED_FACTS,
      "has no query parameter and no request body, and says so",
      (s) => (s["paths"][PATH].delete.parameters = [{ name: "force", in: "query", schema: { type: "boolean" } }]),
    ],
    [
      "the cURL sample without its trailing slash",
      STATUS_FACTS,
      "has the page's cURL sample: method, URL and header",
      (s) => {
        const sample = s["paths"][PATH].delete["x-codeSamples"][0];
        sample.source = sample.source.replace("my-email-connection/", "my-email-connection");
      },
    ],
  ])("%s", (_defect, facts, check, breakIt) => {
    const broken = structuredClone(spec);
    breakIt(broken);
    expect(() => CHECKS[check]?.(spec, facts)).not.toThrow();
    expect(() => CHECKS[check]?.(broken, facts)).toThrow();
  });
});
