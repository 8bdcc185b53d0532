// The spec as one envelope sees it. Each envelope's schemas carry `x-envelope: success|status`
// in the spec; a response's `oneOf` of both is narrowed to the envelope's branch, and a status
// the envelope never answers (404 for `status`, 500 for `success`) is dropped. Pacts of one
// provider are compared with its envelope's view, so a status-envelope pact with a 404 or a
// success-envelope body is reported.
import type { Envelope } from "../../src/rules/envelope.js";
import type { Spec } from "./spec.js";

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** The schema a response of `envelope` has, or undefined when that envelope never answers with it. */
function narrow(schema: Spec, envelope: Envelope, where: string): Spec | undefined {
  if (schema["x-envelope"]) return schema["x-envelope"] === envelope ? schema : undefined;
  if (!Array.isArray(schema["oneOf"])) throw new Error(`${where}: the schema names no envelope (x-envelope)`);
  const kept = (schema["oneOf"] as Spec[]).filter((branch) => branch["x-envelope"] === envelope);
  if (kept.length === 0) return undefined;
  return kept.length === 1 ? kept[0] : { ...schema, oneOf: kept };
}

/**
 * A copy of a dereferenced spec as servers of one envelope answer: every response schema narrowed
 * to that envelope, statuses it never answers removed. Throws when a response schema belongs to no
 * envelope (neither `x-envelope` nor a `oneOf` of schemas that have one).
 */
export function envelopeView(spec: Spec, envelope: Envelope): Spec {
  const view = structuredClone(spec);
  for (const [path, item] of Object.entries<Spec>(view["paths"] ?? {})) {
    for (const method of METHODS.filter((m) => item[m])) {
      const responses: Spec = item[method].responses ?? {};
      for (const [status, response] of Object.entries<Spec>(responses)) {
        for (const [type, media] of Object.entries<Spec>(response["content"] ?? {})) {
          const schema = narrow(media["schema"], envelope, `${method.toUpperCase()} ${path} ${status} ${type}`);
          if (schema) media["schema"] = schema;
          else delete response["content"][type];
        }
        if (response["content"] && Object.keys(response["content"]).length === 0) delete responses[status];
      }
    }
  }
  return view;
}

/** The statuses (as strings, in the spec's order) of one operation in a spec or a view. */
export const statusesOf = (spec: Spec, path: string, method = "delete"): string[] =>
  Object.keys(spec["paths"][path][method].responses);
