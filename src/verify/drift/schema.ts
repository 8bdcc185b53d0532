// What `drift` compares of a schema: its field paths with their types and required-ness, e.g.
// `$.deploymentResult.responseTime` → `integer (int64), optional`. Local `$ref`s are resolved
// here (OpenAPI 3.0 and 3.1); a `$ref` that comes back to a schema being expanded stops the walk
// (Apinizer's own DeploymentResult contains DeploymentResult), and depth, field and step limits
// bound what a hostile or huge document (a YAML alias, `$ref` or `allOf` fan-out) can make us walk.

import { isJsonObject, type JsonObject } from "../../rules/envelope.js";
import { previewJson, shorten } from "../../rules/limits.js";

/** Deepest nesting walked (objects in objects, arrays in arrays). */
const MAX_DEPTH = 24;
/** Most field paths listed for one response schema; the rest is reported as not compared. */
const MAX_FIELDS = 400;

/** One field path of a schema. `required` is undefined for the root and for array items. */
export interface Field {
  readonly type: string;
  readonly required: boolean | undefined;
  /** The field path this one is nested in (undefined for the root). */
  readonly parent: string | undefined;
}

/** A schema flattened: field path → field, in document order (a parent before its children). */
export type Fields = ReadonlyMap<string, Field>;

/** `type, required` / `type, optional` / `type`, as the report prints a field; "absent" for none. */
export const describeField = (f: Field | undefined): string =>
  f === undefined ? "absent" : f.required === undefined ? f.type : `${f.type}, ${f.required ? "required" : "optional"}`;

/** Resolves local references (`#/components/...`) of one document, within one work budget. */
export interface Resolver {
  /** `node` with its `$ref` chain followed; `refs` the chain, `problem` why it could not be followed. */
  deref(node: unknown): { node: JsonObject; refs: string[]; problem?: string };
  /** Takes one step of the document's budget (MAX_STEPS); false once it is spent. */
  spend(): boolean;
  readonly problems: Set<string>;
}

/** Steps (references followed, schemas walked) one document may cost: a fan-out of `$ref`s or `allOf`s stops here. */
const MAX_STEPS = 50_000;

function pointer(doc: JsonObject, ref: string): unknown {
  let at: unknown = doc;
  for (const raw of ref.slice(2).split("/")) {
    let key: string;
    try {
      key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    } catch {
      return undefined; // a malformed %-escape names nothing
    }
    at = isJsonObject(at) && Object.hasOwn(at, key) ? at[key] : undefined;
  }
  return at;
}

/** Why a `$ref` cannot be followed, or undefined. */
function refProblem(doc: JsonObject, ref: string, chain: readonly string[]): string | undefined {
  if (!ref.startsWith("#/")) return `the $ref ${ref} is not local (#/...); it is not followed`;
  if (chain.includes(ref)) return `the $ref chain ${[...chain, ref].join(" → ")} is a cycle`;
  return isJsonObject(pointer(doc, ref)) ? undefined : `the $ref ${ref} points at nothing`;
}

export function createResolver(doc: JsonObject): Resolver {
  const problems = new Set<string>();
  let steps = 0;
  const spend = (): boolean => {
    if (++steps <= MAX_STEPS) return true;
    problems.add(`it takes more than ${MAX_STEPS} steps to resolve; only its start was compared`);
    return false;
  };
  return {
    problems,
    spend,
    deref(node) {
      const refs: string[] = [];
      let at: unknown = node;
      while (isJsonObject(at) && typeof at["$ref"] === "string") {
        const { $ref: ref, ...siblings } = at as JsonObject & { $ref: string };
        if (!spend()) return { node: {}, refs: [...refs, ref], problem: "not resolved (the step budget is spent)" };
        const problem = refProblem(doc, ref, refs);
        refs.push(ref);
        if (problem !== undefined) {
          problems.add(problem);
          return { node: {}, refs, problem };
        }
        at = { ...(pointer(doc, ref) as JsonObject), ...siblings }; // OpenAPI 3.1 allows siblings beside $ref
      }
      return { node: isJsonObject(at) ? at : {}, refs };
    },
  };
}

/** Most allowed values (enum) a type text lists. */
const MAX_VALUES = 12;

/** Enumerated values and keys are quoted shorter than other texts: a list holds several. */
const shortValue = (text: string): string => shorten(text, 60);

/**
 * `integer (int64), = 3`: the type(s), format and allowed values of a schema. `null` beside other
 * types is left out (3.1's `[T, "null"]`, 3.0's `nullable`): null stands for absent
 * (rules/envelope), and servers' generated documents seldom say which fields they write as null.
 */
function typeOf(s: JsonObject): string {
  const declared = Array.isArray(s["type"]) ? s["type"].map(String) : typeof s["type"] === "string" ? [s["type"]] : [];
  if (declared.length === 0) declared.push(isJsonObject(s["properties"]) ? "object" : "items" in s ? "array" : "any");
  const nonNull = declared.filter((t) => t !== "null");
  const types = (nonNull.length > 0 ? nonNull : declared).sort((a, b) => a.localeCompare(b));
  const format = typeof s["format"] === "string" ? ` (${s["format"]})` : "";
  const values = "const" in s ? [s["const"]] : Array.isArray(s["enum"]) ? s["enum"] : undefined;
  // previewJson, not JSON.stringify: the server's document decides how deeply a value nests.
  const listed = values?.map((v) => shortValue(previewJson(v, 60))).sort();
  if (listed !== undefined && listed.length > MAX_VALUES)
    listed.splice(MAX_VALUES, Infinity, `… (${values?.length} values)`);
  const allowed =
    listed === undefined ? "" : listed.length === 1 ? `, = ${listed[0]}` : `, one of ${listed.join(" | ")}`;
  return `${types.join(" or ")}${format}${allowed}`;
}

/** A schema with its `allOf` branches merged in (properties and required united). */
function mergeAllOf(s: JsonObject, resolver: Resolver, depth: number): JsonObject {
  if (!Array.isArray(s["allOf"]) || depth > MAX_DEPTH || !resolver.spend()) return s;
  const { allOf, ...rest } = s;
  let merged: JsonObject = rest;
  for (const branch of allOf as unknown[]) {
    const b = mergeAllOf(resolver.deref(branch).node, resolver, depth + 1);
    merged = {
      ...b,
      ...merged,
      properties: {
        ...(isJsonObject(b["properties"]) ? b["properties"] : {}),
        ...(isJsonObject(merged["properties"]) ? merged["properties"] : {}),
      },
      required: [
        ...(Array.isArray(b["required"]) ? b["required"] : []),
        ...(Array.isArray(merged["required"]) ? merged["required"] : []),
      ],
    };
  }
  return merged;
}

const childPath = (path: string, key: string): string =>
  /^[A-Za-z_$][\w$-]*$/.test(key) ? `${path}.${shortValue(key)}` : `${path}[${shortValue(JSON.stringify(key))}]`;

interface Walk {
  readonly resolver: Resolver;
  readonly fields: Map<string, Field>;
  truncated: boolean;
}

/** Walks one schema at `path`; `expanding` maps each `$ref` being expanded above to where it was. */
function walk(
  w: Walk,
  node: unknown,
  path: string,
  field: Omit<Field, "type">,
  expanding: Map<string, string>,
  depth: number,
): void {
  if (w.fields.size >= MAX_FIELDS || depth > MAX_DEPTH || !w.resolver.spend()) {
    w.truncated = true;
    return;
  }
  if (w.fields.has(path)) return; // named by an earlier branch of a oneOf/anyOf
  const { node: raw, refs, problem } = w.resolver.deref(node);
  if (problem !== undefined) {
    w.fields.set(path, { ...field, type: `unknown (${problem})` });
    return;
  }
  const s = mergeAllOf(raw, w.resolver, depth);
  const again = refs.find((r) => expanding.has(r));
  if (again !== undefined) {
    w.fields.set(path, { ...field, type: `${typeOf(s)} (the shape of ${expanding.get(again)})` });
    return;
  }
  const listed = Array.isArray(s["oneOf"]) ? s["oneOf"] : Array.isArray(s["anyOf"]) ? s["anyOf"] : undefined;
  const inner = refs.length === 0 ? expanding : new Map([...expanding, ...refs.map((r) => [r, path] as const)]);
  // A `{type: "null"}` branch beside one other only says the field may be null: absent (typeOf).
  const nonNull = listed?.filter((b) => !(isJsonObject(b) && b["type"] === "null"));
  if (nonNull !== undefined && nonNull.length === 1 && (listed?.length ?? 0) > 1) {
    walk(w, nonNull[0], path, field, inner, depth + 1);
    return;
  }
  const alternatives = listed;
  if (alternatives === undefined) {
    w.fields.set(path, { ...field, type: typeOf(s) });
    walkChildren(w, s, path, inner, depth);
    return;
  }
  // Nested alternatives (e.g. `oneOf: [{$ref: X}, {type: "null"}]`): their types side by side,
  // and the fields of every branch (the first branch that names a field describes it).
  const branches = alternatives.map((b) => w.resolver.deref(b));
  // Each branch merged once: for its type here and for its fields below (merging spends steps).
  const merged = branches.map((b) => (b.problem === undefined ? mergeAllOf(b.node, w.resolver, depth) : undefined));
  const types = [...new Set(merged.map((m) => (m === undefined ? "unknown" : typeOf(m))))];
  w.fields.set(path, { ...field, type: `one of: ${types.join(" | ")}` });
  for (const [k, b] of branches.entries()) {
    const m = merged[k];
    if (m === undefined || b.refs.some((r) => inner.has(r))) continue;
    const next = new Map([...inner, ...b.refs.map((r) => [r, path] as const)]);
    walkChildren(w, m, path, next, depth);
  }
}

function walkChildren(w: Walk, s: JsonObject, path: string, inner: Map<string, string>, depth: number): void {
  const required = new Set(Array.isArray(s["required"]) ? s["required"].map(String) : []);
  if (isJsonObject(s["properties"])) {
    for (const [key, child] of Object.entries(s["properties"])) {
      walk(w, child, childPath(path, key), { required: required.has(key), parent: path }, inner, depth + 1);
    }
  }
  if ("items" in s) walk(w, s["items"], `${path}[]`, { required: undefined, parent: path }, inner, depth + 1);
  if (isJsonObject(s["additionalProperties"])) {
    walk(w, s["additionalProperties"], `${path}.*`, { required: undefined, parent: path }, inner, depth + 1);
  }
}

/**
 * The shapes a response schema allows: one for a plain schema, one per branch of a top-level
 * `oneOf`/`anyOf` (e.g. this project's two envelopes). Each is flattened to field paths starting
 * at `$`. `truncated` when MAX_FIELDS or MAX_DEPTH stopped the walk.
 */
export function shapesOf(schema: unknown, resolver: Resolver): { shapes: Fields[]; truncated: boolean } {
  // A schema whose $ref cannot be followed derefs to {}: it has no branches, and is walked as is.
  const top = mergeAllOf(resolver.deref(schema).node, resolver, 0);
  const branches = Array.isArray(top["oneOf"]) ? top["oneOf"] : Array.isArray(top["anyOf"]) ? top["anyOf"] : [schema];
  let truncated = false;
  const shapes = branches.map((branch) => {
    const w: Walk = { resolver, fields: new Map(), truncated: false };
    walk(w, branch, "$", { required: undefined, parent: undefined }, new Map(), 0);
    truncated ||= w.truncated;
    return w.fields;
  });
  return { shapes, truncated };
}
