// The seed page (Apinizer's documentation of the endpoint, kept verbatim beside this test) is
// the contract's source of truth: every status, field, example and note on it must be in the spec.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { bundledSpec, type Spec } from "../support/spec.js";

const seed = readFileSync(new URL("./seed-delete-connection.md", import.meta.url), "utf8");
const path = "/apiops/projects/{projectName}/connections/{connectionName}/";

/** The markdown section under a heading, up to the next heading of the same or a higher level. */
function section(heading: string): string {
  const start = seed.indexOf(`${heading}\n`);
  if (start < 0) throw new Error(`the seed has no heading ${heading}`);
  const level = heading.indexOf(" ");
  const rest = seed.slice(start + heading.length + 1);
  const end = rest.search(new RegExp(`^#{1,${level}} `, "m"));
  return end < 0 ? rest : rest.slice(0, end);
}
const codeBlock = (text: string) => /```\w*\n([\s\S]*?)```/.exec(text)?.[1] ?? "";
const tableRows = (text: string) =>
  text
    .split("\n")
    .filter((line) => line.startsWith("|") && !/^\|[-| ]+\|$/.test(line))
    .slice(1)
    .map((line) =>
      line
        .split("|")
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
const bullets = (text: string) =>
  text
    .split("\n")
    .filter((l) => l.startsWith("- "))
    .map((l) => l.slice(2));

let spec: Spec;
let operation: Spec;
beforeAll(async () => {
  spec = await bundledSpec();
  operation = spec.paths[path].delete;
});

describe("the spec carries everything on the seed page", () => {
  it("has the endpoint, with its trailing slash", () => {
    expect(codeBlock(section("## Endpoint")).trim()).toBe(`DELETE ${path}`);
    expect(Object.keys(spec.paths)).toEqual([path]);
    expect(Object.keys(spec.paths[path]).filter((k) => k !== "parameters")).toEqual(["delete"]);
  });

  it("requires a bearer Personal API Access Token", () => {
    expect(section("### Header")).toContain("Authorization: Bearer YOUR_TOKEN");
    expect(operation.security).toEqual([{ bearerAuth: [] }]);
    expect(spec.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(spec.components.securitySchemes.bearerAuth.description).toContain("Personal API Access Token");
  });

  it("has each path parameter as the seed's table describes it", () => {
    const parameters = spec.paths[path].parameters as Spec[];
    const rows = tableRows(section("### Path Parameters"));
    expect(rows.map((r) => r[0])).toEqual(parameters.map((p) => p.name));
    for (const [name, type, required, description] of rows) {
      const parameter = parameters.find((p) => p.name === name);
      expect(parameter).toMatchObject({ in: "path", required: required === "Yes", schema: { type, minLength: 1 } });
      expect(parameter?.description.toLowerCase()).toContain(description?.replace(/ \(.*\)$/, "").toLowerCase());
    }
    expect(parameters.find((p) => p.name === "connectionName")?.description).toContain("case-insensitive");
  });

  it("has no query parameters and no request body", () => {
    expect(section("### Query Parameters").trim()).toBe("None");
    expect(section("### Request Body")).toContain("does not require a request body");
    expect(
      [...(spec.paths[path].parameters ?? []), ...(operation.parameters ?? [])].filter((p) => p.in !== "path"),
    ).toEqual([]);
    expect(operation.requestBody).toBeUndefined();
    expect(operation.description).toContain("does not require a request body");
  });

  it("documents exactly the seed's statuses, each with the seed's JSON as a named example", () => {
    const documented = [...seed.matchAll(/^### (?:Success|Error) Response \((\d{3}) [^)]*\)$/gm)].map((m) => m[1]);
    expect(documented).toEqual(["200", "400", "401", "404"]);
    expect(Object.keys(operation.responses)).toEqual(documented);
    for (const match of seed.matchAll(/^### (?:Success|Error) Response \((\d{3}) [^)]*\)$/gm)) {
      const example = JSON.parse(codeBlock(seed.slice(match.index)));
      const media = operation.responses[match[1] ?? ""].content["application/json"];
      expect(Object.values<Spec>(media.examples).map((e) => e.value)).toContainEqual(example);
    }
  });

  it("has every response field of the seed, typed and required", () => {
    const schema = operation.responses["200"].content["application/json"].schema;
    for (const [field, type, description] of tableRows(section("#### Response Fields"))) {
      let parent = schema;
      const names = (field ?? "").split(".");
      for (const name of names.slice(0, -1)) parent = parent.properties[name];
      const leaf = names.at(-1) ?? "";
      expect(parent.required, field).toContain(leaf);
      expect(parent.properties[leaf].type, field).toBe(type);
      expect(parent.properties[leaf].description ?? parent.description, field).toContain(description);
    }
  });

  it("has one error schema with both fields required, shared by every error", () => {
    const schemas = ["400", "401", "404"].map((s) => operation.responses[s].content["application/json"].schema);
    for (const schema of schemas) expect(schema).toEqual(spec.components?.schemas?.Error ?? schemas[0]);
    expect(schemas[0].required).toEqual(["error", "error_description"]);
  });

  it("accepts fields it does not name (real servers add them)", () => {
    const ok = operation.responses["200"].content["application/json"].schema;
    expect(ok.additionalProperties).not.toBe(false);
    expect(ok.properties.deploymentResult.additionalProperties).not.toBe(false);
    expect(operation.responses["400"].content["application/json"].schema.additionalProperties).not.toBe(false);
  });

  it("lists the common causes of a 400", () => {
    for (const cause of bullets(section("### Common Causes")))
      expect(operation.responses["400"].description).toContain(cause);
  });

  it("carries the overview and every note and warning in the operation's description", () => {
    const description = operation.description.replace(/\s+/g, " ");
    expect(description).toContain(section("## Overview").trim());
    const notes = bullets(section("## Notes and Warnings"));
    expect(notes).toHaveLength(5);
    for (const note of notes) expect(description).toContain(note);
  });

  it("has the seed's cURL sample", () => {
    const samples = operation["x-codeSamples"] as Spec[];
    expect(samples.map((s) => s.source.trim())).toContain(codeBlock(section("## cURL Example")).trim());
  });
});
