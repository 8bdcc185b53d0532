// `drift`'s comparison: Delete Connection in this project's spec (ours) against the same
// operation in a server's own OpenAPI document (theirs): the path, the documented statuses, the
// parameters and, per status and media type, the response schemas flattened to field paths.
// What is compared: types, formats, allowed values (enum/const) and required-ness; descriptions,
// examples and constraints such as minLength are not.
import { isJsonObject, type JsonObject } from "../../rules/envelope.js";
import type { DriftDifference } from "../api.js";
import { createResolver, describeField, type Fields, type Resolver, shapesOf } from "./schema.js";

/** A path's shape: parameters unnamed, trailing slash dropped (`/apiops/projects/{}/connections/{}`). */
const shapeOf = (path: string): string => path.replace(/\{[^}]*\}/g, "{}").replace(/\/+$/, "");

const placeholders = (path: string): string[] => [...path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1] ?? "");

interface Found {
  readonly path: string;
  readonly item: JsonObject;
  readonly operation: JsonObject | undefined;
}

/** The path of `template`'s shape in `doc` (its servers' path prefixes allowed): one with DELETE first, then the exact spelling. */
function findOperation(doc: JsonObject, template: string): Found | undefined {
  const paths = isJsonObject(doc["paths"]) ? doc["paths"] : {};
  const servers = Array.isArray(doc["servers"]) ? doc["servers"] : [];
  const prefixes = new Set([""]);
  for (const s of servers) {
    if (!isJsonObject(s) || typeof s["url"] !== "string") continue;
    try {
      prefixes.add(new URL(s["url"], "http://relative.invalid").pathname.replace(/\/+$/, ""));
    } catch {}
  }
  const matches: Found[] = [];
  for (const [path, item] of Object.entries(paths)) {
    if (!isJsonObject(item) || ![...prefixes].some((p) => shapeOf(p + path) === shapeOf(template))) continue;
    matches.push({ path, item, operation: isJsonObject(item["delete"]) ? item["delete"] : undefined });
  }
  matches.sort(
    (a, b) =>
      Number(!!b.operation) - Number(!!a.operation) || Number(b.path === template) - Number(a.path === template),
  );
  return matches[0];
}

/** Parameters of an operation (path-level ones overridden by the operation's), by `in name`. */
function parametersOf(found: Found, resolver: Resolver): Map<string, JsonObject> {
  const out = new Map<string, JsonObject>();
  for (const list of [found.item["parameters"], found.operation?.["parameters"]]) {
    for (const raw of Array.isArray(list) ? list : []) {
      const p = resolver.deref(raw).node;
      if (typeof p["name"] === "string" && typeof p["in"] === "string") out.set(`${p["in"]} ${p["name"]}`, p);
    }
  }
  return out;
}

function describeParameter(p: JsonObject | undefined, resolver: Resolver, withName: boolean): string {
  if (p === undefined) return "absent";
  const type = shapesOf(p["schema"] ?? {}, resolver).shapes[0]?.get("$")?.type ?? "any";
  return `${withName ? `${String(p["name"])}: ` : ""}${type}, ${p["required"] === true ? "required" : "optional"}`;
}

function compareParameters(ours: Found, theirs: Found, r: { ours: Resolver; theirs: Resolver }): DriftDifference[] {
  const out: DriftDifference[] = [];
  const o = parametersOf(ours, r.ours);
  const t = parametersOf(theirs, r.theirs);
  const [oNames, tNames] = [placeholders(ours.path), placeholders(theirs.path)];
  // Path parameters are paired by position: a server may name them differently.
  for (let i = 0; i < Math.max(oNames.length, tNames.length); i++) {
    const [on, tn] = [oNames[i], tNames[i]];
    const ours = on === undefined ? "absent" : describeParameter(o.get(`path ${on}`), r.ours, true);
    const theirs = tn === undefined ? "absent" : describeParameter(t.get(`path ${tn}`), r.theirs, true);
    if (ours !== theirs) out.push({ aspect: "parameter", where: `path parameter ${i + 1}`, ours, theirs });
  }
  const others = [...new Set([...o.keys(), ...t.keys()])].filter((k) => !k.startsWith("path "));
  for (const key of others) {
    const ours = describeParameter(o.get(key), r.ours, false);
    const theirs = describeParameter(t.get(key), r.theirs, false);
    if (ours !== theirs) out.push({ aspect: "parameter", where: `${key.replace(" ", " parameter ")}`, ours, theirs });
  }
  return out;
}

/** Field-by-field differences; a field only one side has is reported once, not with its nested fields. */
function compareFields(where: string, ours: Fields, theirs: Fields): DriftDifference[] {
  const out: DriftDifference[] = [];
  const oneSided = new Set<string>();
  for (const path of new Set([...ours.keys(), ...theirs.keys()])) {
    const [o, t] = [ours.get(path), theirs.get(path)];
    const parent = (o ?? t)?.parent;
    if ((o === undefined || t === undefined) && parent !== undefined && oneSided.has(parent)) {
      oneSided.add(path);
      continue;
    }
    if (o === undefined || t === undefined) oneSided.add(path);
    const [a, b] = [describeField(o), describeField(t)];
    if (a !== b) out.push({ aspect: "schema", where: `${where} ${path}`, ours: a, theirs: b });
  }
  return out;
}

const shared = (a: Fields, b: Fields): number => [...a.keys()].filter((k) => b.has(k)).length;
const ordinal = (i: number): string => ["1st", "2nd", "3rd"][i] ?? `${i + 1}th`;

/** One response's schema under one media type: each of their shapes against our closest. */
function compareSchemas(where: string, ours: unknown, theirs: unknown, r: { ours: Resolver; theirs: Resolver }) {
  const out: DriftDifference[] = [];
  const o = shapesOf(ours, r.ours);
  const t = shapesOf(theirs, r.theirs);
  const count = (n: number) => (n === 1 ? "one schema" : `one of ${n} schemas`);
  t.shapes.forEach((theirShape, ti) => {
    const best = o.shapes.reduce(
      (bi, s, i) => (shared(s, theirShape) > shared(o.shapes[bi] ?? s, theirShape) ? i : bi),
      0,
    );
    const label = t.shapes.length > 1 ? `${where} (their ${ordinal(ti)})` : where;
    if (o.shapes.length !== t.shapes.length) {
      const ours = `${count(o.shapes.length)}; compared: the ${ordinal(best)}, closest to theirs`;
      out.push({ aspect: "schema", where: label, ours, theirs: count(t.shapes.length) });
    }
    out.push(...compareFields(label, o.shapes[best] ?? new Map(), theirShape));
  });
  const problems =
    o.truncated || t.truncated ? [`${where}: the schema is larger than drift walks; only its start was compared`] : [];
  return { differences: out, problems };
}

const contentOf = (response: JsonObject): JsonObject => (isJsonObject(response["content"]) ? response["content"] : {});

function compareResponse(
  status: string,
  ours: JsonObject,
  theirs: JsonObject,
  r: { ours: Resolver; theirs: Resolver },
) {
  const differences: DriftDifference[] = [];
  const problems: string[] = [];
  const [oc, tc] = [contentOf(ours), contentOf(theirs)];
  const [oOnly, tOnly] = [
    Object.keys(oc).filter((m) => !Object.hasOwn(tc, m)),
    Object.keys(tc).filter((m) => !Object.hasOwn(oc, m)),
  ];
  const pairs = Object.keys(oc)
    .filter((m) => Object.hasOwn(tc, m))
    .map((m) => [m, m] as const);
  if (oOnly.length === 1 && tOnly.length === 1) {
    // One media type each, named differently (e.g. `*/*`, springdoc's default): compare them anyway.
    pairs.push([oOnly[0] as string, tOnly[0] as string]);
    differences.push({
      aspect: "schema",
      where: `${status} media type`,
      ours: oOnly[0] as string,
      theirs: tOnly[0] as string,
    });
  } else {
    for (const m of oOnly)
      differences.push({ aspect: "schema", where: `${status} ${m}`, ours: "documented", theirs: "absent" });
    for (const m of tOnly)
      differences.push({ aspect: "schema", where: `${status} ${m}`, ours: "absent", theirs: "documented" });
  }
  for (const [om, tm] of pairs) {
    const o = isJsonObject(oc[om]) ? oc[om]["schema"] : undefined;
    const t = isJsonObject(tc[tm]) ? tc[tm]["schema"] : undefined;
    const compared = compareSchemas(`${status} ${om}`, o ?? {}, t ?? {}, r);
    differences.push(...compared.differences);
    problems.push(...compared.problems);
  }
  return { differences, problems };
}

const byStatus = (a: string, b: string): number => a.localeCompare(b, "en", { numeric: true });

/**
 * How the server's document (`theirs`, parsed OpenAPI 3.0/3.1) describes `DELETE template`,
 * against this project's spec (`ours`). Differences are side by side; `problems` say what could
 * not be compared (unresolved or cyclic `$ref` chains, schemas beyond the walk's limits).
 */
export function compareDocuments(ours: JsonObject, theirs: JsonObject, template: string) {
  const r = { ours: createResolver(ours), theirs: createResolver(theirs) };
  const operation = `DELETE ${template}`;
  const o = findOperation(ours, template);
  const t = findOperation(theirs, template);
  if (o?.operation === undefined) throw new Error(`this project's spec has no ${operation}`);
  if (t?.operation === undefined) {
    const methods = Object.keys(t?.item ?? {}).filter((k) => /^(get|put|post|patch|head|options)$/.test(k));
    const theirs =
      t === undefined
        ? "absent (no path of this shape)"
        : `absent (${t.path} documents ${methods.join(", ").toUpperCase() || "no operation"})`;
    return {
      differences: [{ aspect: "operation" as const, where: operation, ours: "documented", theirs }],
      problems: [],
    };
  }
  const differences: DriftDifference[] = [];
  const problems: string[] = [];
  if (shapeOf(t.path) !== shapeOf(o.path) || t.path.endsWith("/") !== o.path.endsWith("/")) {
    differences.push({ aspect: "operation", where: "path", ours: o.path, theirs: t.path });
  }
  differences.push(...compareParameters(o, t, r));
  const responses = (f: Found): JsonObject =>
    isJsonObject(f.operation?.["responses"]) ? (f.operation["responses"] as JsonObject) : {};
  const [or, tr] = [responses(o), responses(t)];
  for (const status of [...new Set([...Object.keys(or), ...Object.keys(tr)])].sort(byStatus)) {
    const [a, b] = [
      Object.hasOwn(or, status) ? or[status] : undefined,
      Object.hasOwn(tr, status) ? tr[status] : undefined,
    ];
    const media = (x: unknown, rs: Resolver) =>
      `documented (${Object.keys(contentOf(rs.deref(x).node)).join(", ") || "no body"})`;
    if (a === undefined || b === undefined) {
      const ours = a === undefined ? "absent" : media(a, r.ours);
      differences.push({
        aspect: "status",
        where: status,
        ours,
        theirs: b === undefined ? "absent" : media(b, r.theirs),
      });
      continue;
    }
    const compared = compareResponse(status, r.ours.deref(a).node, r.theirs.deref(b).node, r);
    differences.push(...compared.differences);
    problems.push(...compared.problems);
  }
  problems.push(...[...r.theirs.problems].map((p) => `the server's document: ${p}`));
  return { differences, problems };
}
