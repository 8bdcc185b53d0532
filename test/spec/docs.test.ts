// The built artefacts of the spec: the single-file bundle and the HTML reference page
// (`npm run docs`). The page opens with the operation in view, shows no Markdown that Redoc does
// not render, and states the package's version.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundledSpec, repoRoot, type Spec, specCopy, tool } from "../support/spec.js";

const out = mkdtempSync(join(tmpdir(), "apinizer-docs-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));
const packageVersion = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")).version;

/** Builds the page from the spec in `root`; returns its HTML. */
async function buildDocs(root: string, name: string): Promise<string> {
  const page = join(out, `${name}.html`);
  const result = await tool("redocly", ["build-docs", "main", "--inlineBundle", "-o", page], root);
  expect(result.code, result.output).toBe(0);
  return readFileSync(page, "utf8");
}

/** The page's server-rendered markup (what shows before any script runs), without its scripts. */
function prerendered(html: string): string {
  const start = html.indexOf('<div id="redoc">');
  const end = html.indexOf('<script type="module">', start);
  return html.slice(start, end).replace(/<script[\s\S]*?<\/script>/g, "");
}
const visibleText = (markup: string) => markup.replace(/<[^>]+>/g, "\n");

/** The spec's fields that Redoc shows as plain text (not Markdown): a backtick in them shows as-is. */
function plainTextFields(spec: Spec): [string, string][] {
  const operation = spec["paths"]["/apiops/projects/{projectName}/connections/{connectionName}/"].delete;
  const examples = Object.entries<Spec>(operation.responses).flatMap(([status, r]) =>
    Object.entries<Spec>(r["content"]["application/json"].examples ?? {}).map(
      ([name, e]) => [`${status} examples.${name}.summary`, e["summary"]] as [string, string],
    ),
  );
  return [
    ["info.title", spec["info"].title],
    ["info.summary", spec["info"].summary],
    ...spec["servers"].map((s: Spec, i: number) => [`servers[${i}].description`, s["description"]]),
    ["operation summary", operation.summary],
    ...operation["x-codeSamples"].map((s: Spec, i: number) => [`x-codeSamples[${i}].label`, s["label"]]),
    ...examples,
  ];
}

let page: string;
let defective: string;
beforeAll(async () => {
  // The defects a page check must catch: a tag (Redoc then hides the operation in a collapsed
  // group) and a backtick in a plain-text field.
  const copy = specCopy();
  try {
    copy.edit("openapi/openapi.yaml", "paths:\n", "tags:\n  - name: Connections\npaths:\n");
    // Every operation tagged (an untagged one would still be listed on its own).
    for (const file of [
      "openapi/paths/apiops_projects_{projectName}_connections_{connectionName}.yaml",
      "openapi/paths/apiops_projects_{projectName}_connections.yaml",
    ]) {
      copy.edit(file, /^ {2}security:\n/gm, "  tags:\n    - Connections\n  security:\n");
    }
    copy.edit("openapi/openapi.yaml", "start with /apiops/", "start with `/apiops/`");
    [page, defective] = await Promise.all([buildDocs(repoRoot, "index"), buildDocs(copy.dir, "defective")]);
  } finally {
    copy.cleanup();
  }
}, 60_000);

describe("the HTML reference page", () => {
  it("is self-contained: loads nothing from the network", () => {
    expect(page).toContain("Delete Connection");
    expect(page).not.toMatch(/<script[^>]+src=["']?(https?:)?\/\//i);
    expect(page).not.toMatch(/<link[^>]+href=["']?(https?:)?\/\/[^>]+stylesheet/i);
  });

  it("lists each operation itself in the sidebar on load, not inside a collapsed tag", () => {
    for (const operation of ["Delete Connection", "Get Connection", "List Connections", "Create Connection"]) {
      expect(prerendered(page), operation).toContain(`data-text="${operation}"`);
      expect(prerendered(defective), operation).not.toContain(`data-text="${operation}"`);
    }
  });

  it("shows no literal backtick", () => {
    expect(visibleText(prerendered(page))).not.toContain("`");
    expect(visibleText(prerendered(defective))).toContain("`/apiops/`");
  });

  it("states the package's version", () => {
    expect(visibleText(prerendered(page))).toContain(`(${packageVersion})`);
  });
});

describe("the spec's plain-text fields", () => {
  it("hold no Markdown backticks (Redoc prints them as they are)", async () => {
    const spec = await bundledSpec();
    const backticked = (s: Spec) => plainTextFields(s).filter(([, text]) => text?.includes("`"));
    expect(backticked(spec)).toEqual([]);
    const broken = structuredClone(spec);
    const responses = broken["paths"]["/apiops/projects/{projectName}/connections/{connectionName}/"].delete.responses;
    responses["500"].content["application/json"].examples.serverErrorStatus.summary = "`FAILURE` (status envelope)";
    expect(backticked(broken)).toEqual([["500 examples.serverErrorStatus.summary", "`FAILURE` (status envelope)"]]);
  });
});

describe("the spec's version", () => {
  it("is the package's version", () => {
    const root = readFileSync(join(repoRoot, "openapi/openapi.yaml"), "utf8");
    expect(/^ {2}version: (.+)$/m.exec(root)?.[1]).toBe(packageVersion);
  });
});

describe("the single-file bundle", () => {
  it("has no reference to another file", async () => {
    const result = await tool("redocly", ["bundle", "main", "-o", join(out, "openapi.yaml")]);
    expect(result.code, result.output).toBe(0);
    const bundle = readFileSync(join(out, "openapi.yaml"), "utf8");
    expect(bundle).toContain("/apiops/projects/{projectName}/connections/{connectionName}/:");
    expect(bundle.match(/\$ref: .*/g)?.filter((ref) => !ref.includes("'#/"))).toEqual([]);
    expect(bundle).toContain('-H "Authorization: Bearer YOUR_TOKEN"');
  });
});
