// `Prefer: code=NNN, example=NAME` on Delete Connection: the stand-in answers one of the spec's
// documented answers instead of acting, as Prism's mock does (RFC 7240's header with Prism's
// preferences). The answers are the named response examples of the bundled spec
// (src/generated/openapi.json) that belong to the envelope the stand-in speaks; the store is
// not touched. And the spec itself, as springdoc servers publish theirs (SPEC_PATHS).
import bundled from "../generated/openapi.json" with { type: "json" };
import { type Envelope, envelopeOf } from "../rules/envelope.js";
import { CONNECTION_PATH_TEMPLATE } from "../rules/route.js";
import type { Reply } from "./types.js";

/** The preferences the stand-in honours; any other preference is ignored (RFC 7240). */
export interface Preference {
  /** `code=NNN`: the HTTP status of the documented answer wanted. */
  code?: string;
  /** `example=NAME`: the name of a response example in the spec. */
  example?: string;
}

/** One documented answer: a named response example of Delete Connection. */
interface Documented {
  name: string;
  status: number;
  envelope: Envelope | "mixed" | undefined;
  body: unknown;
}

type Examples = Record<string, { value?: unknown }>;
type Responses = Record<string, { content?: Record<string, { examples?: Examples }> }>;

const DOCUMENTED: readonly Documented[] = Object.entries(
  (bundled.paths[CONNECTION_PATH_TEMPLATE].delete.responses ?? {}) as Responses,
).flatMap(([status, response]) =>
  Object.entries(response.content?.["application/json"]?.examples ?? {}).map(([name, example]) => ({
    name,
    status: Number(status),
    envelope: envelopeOf(example.value),
    body: example.value,
  })),
);

/**
 * The `code` and `example` preferences of the request's Prefer header(s), or undefined when it
 * states neither. Liberal as RFC 7240 asks: several headers or comma-separated lists, `;`
 * parameters, any letter case in the names, values quoted or not.
 */
export function preferenceOf(header: string | readonly string[] | undefined): Preference | undefined {
  if (header === undefined) return undefined;
  const preference: Preference = {};
  for (const part of (Array.isArray(header) ? header : [header]).join(",").split(/[,;]/)) {
    const match = /^\s*([A-Za-z-]+)\s*=\s*(?:"([^"]*)"|([^\s"]*))\s*$/.exec(part);
    if (!match) continue;
    const name = (match[1] ?? "").toLowerCase();
    const value = match[2] ?? match[3] ?? "";
    if ((name === "code" || name === "example") && preference[name] === undefined) preference[name] = value;
  }
  return preference.code === undefined && preference.example === undefined ? undefined : preference;
}

const JSON_TYPE = { "content-type": "application/json" };

/** A Prefer that names nothing documented: 404 problem details, as Prism answers (never mistaken for Apinizer's own). */
function notDocumented(detail: string): Reply {
  return {
    status: 404,
    headers: { "content-type": "application/problem+json" },
    body: { title: "No documented answer matches the Prefer header", status: 404, detail },
  };
}

const listed = (answers: readonly Documented[]) => answers.map((a) => `${a.name} (${a.status})`).join(", ");

/**
 * The documented answer `preference` picks in `envelope`: `example` by name (with `code`, the
 * two must agree), else the first example of status `code`. A 500 in the success envelope,
 * which its page does not document, is the stand-in's own internal error (`internalError`).
 * Anything else is a 404 problem that lists what can be asked for.
 */
export function preferredReply(preference: Preference, envelope: Envelope, internalError: () => Reply): Reply {
  const own = DOCUMENTED.filter((a) => a.envelope === envelope);
  const { code, example } = preference;
  if (example !== undefined) {
    const found = own.find((a) => a.name === example);
    if (!found) {
      const other = DOCUMENTED.find((a) => a.name === example);
      const why = other
        ? `the example ${example} belongs to the ${String(other.envelope)} envelope; this stand-in speaks the ${envelope} envelope`
        : `the spec has no example named ${example}`;
      return notDocumented(`${why}. Examples of the ${envelope} envelope: ${listed(own)}`);
    }
    if (code !== undefined && code !== String(found.status)) {
      return notDocumented(`the example ${example} is a ${found.status} answer, not ${code}`);
    }
    return { status: found.status, headers: JSON_TYPE, body: structuredClone(found.body) };
  }
  const first = own.find((a) => String(a.status) === code);
  if (first) return { status: first.status, headers: JSON_TYPE, body: structuredClone(first.body) };
  if (code === "500") return internalError();
  return notDocumented(
    `the ${envelope} envelope documents no ${code} answer. Statuses: ${[...new Set(own.map((a) => a.status))].join(", ")}`,
  );
}

let published: string | undefined;

/** The bundled spec as published: JSON (also at the `.yaml` locations: JSON is YAML 1.2). */
export function specReply(path: string): Reply {
  published ??= JSON.stringify(bundled);
  const type = path.endsWith(".yaml") ? "application/yaml" : "application/json";
  return { status: 200, headers: { "content-type": type }, body: published };
}
