// The spec as an executable contract during verification: every answer of the server to Delete
// Connection is validated against the bundled spec's schema for its status and envelope (JSON
// Schema 2020-12, by ajv), and the (status, envelope) pairs the spec documents are compared with
// those the run saw. The fixture steps' answers (Create and Get Connection) are validated the
// same way against their own operations; those findings are reported, never failing the run
// (the pacts are Delete Connection's alone). The spec is src/generated/openapi.json, bundled from openapi/ by
// `npm run generate`; nothing here restates it.
import bundled from "../../generated/openapi.json" with { type: "json" };
import { type Envelope, envelopeOf, isJsonObject } from "../../rules/envelope.js";
import { previewJson, shorten } from "../../rules/limits.js";
import { isJsonMediaType, JSON_MEDIA_TYPE } from "../../rules/media.js";
import { CONNECTION_PATH_TEMPLATE, CONNECTIONS_PATH_TEMPLATE } from "../../rules/route.js";
import type { ConformanceFinding, CoverageEntry } from "../api.js";

type Schema = Record<string, unknown>;
type Validate = ((data: unknown) => boolean) & {
  errors?: { instancePath: string; keyword: string; params: Record<string, unknown>; message?: string }[] | null;
};

/** `DELETE /apiops/projects/{projectName}/connections/{connectionName}/`, as findings name it. */
export const OPERATION = `DELETE ${CONNECTION_PATH_TEMPLATE}`;

/** The operations of the fixture steps, as findings name them; their findings never fail a run. */
export const FIXTURE_OPERATIONS = {
  create: `POST ${CONNECTION_PATH_TEMPLATE}`,
  get: `GET ${CONNECTION_PATH_TEMPLATE}`,
  list: `GET ${CONNECTIONS_PATH_TEMPLATE}`,
} as const;

/** An operation the check knows: Delete Connection, or a fixture step's. */
export type CheckedOperation = typeof OPERATION | (typeof FIXTURE_OPERATIONS)[keyof typeof FIXTURE_OPERATIONS];

interface DocumentedResponse {
  readonly status: number;
  /** One schema per branch of the response's oneOf (or the schema itself). */
  readonly branches: readonly Schema[];
  /** The envelopes the response's named examples are in: what the spec documents for this status. */
  readonly envelopes: readonly Envelope[];
}

function documentedResponses(operation: CheckedOperation): DocumentedResponse[] {
  const [method = "", path = ""] = operation.split(" ");
  const paths = (
    bundled as unknown as { paths: Record<string, Record<string, { responses?: Record<string, unknown> }>> }
  ).paths;
  const responses = paths[path]?.[method.toLowerCase()]?.responses ?? {};
  return Object.entries(responses).map(([status, response]) => {
    const media =
      isJsonObject(response) && isJsonObject(response["content"]) ? response["content"][JSON_MEDIA_TYPE] : undefined;
    const schema = isJsonObject(media) && isJsonObject(media["schema"]) ? media["schema"] : {};
    const examples = isJsonObject(media) && isJsonObject(media["examples"]) ? Object.values(media["examples"]) : [];
    const envelopes = new Set<Envelope>();
    for (const example of examples) {
      const envelope = envelopeOf(isJsonObject(example) ? example["value"] : undefined);
      if (envelope === "success" || envelope === "status") envelopes.add(envelope);
    }
    const branches = Array.isArray(schema["oneOf"]) ? (schema["oneOf"] as Schema[]) : [schema];
    return { status: Number(status), branches, envelopes: [...envelopes] };
  });
}

/**
 * The branch of a response schema a body is meant to be: the one of the body's envelope (each
 * envelope's schemas carry `x-envelope` in the spec), read by rules/envelope.
 */
function branchFor(branches: readonly Schema[], envelope: Envelope | "mixed" | undefined): Schema | undefined {
  if (branches.length === 1) return branches[0];
  return branches.find((branch) => branch["x-envelope"] === envelope);
}

function describeError(error: NonNullable<Validate["errors"]>[number]): string {
  const p = error.params;
  switch (error.keyword) {
    case "type":
      return `type ${Array.isArray(p["type"]) ? p["type"].join(" or ") : String(p["type"])}`;
    case "required":
      return `required field ${String(p["missingProperty"])}`;
    case "const":
      return `the value ${JSON.stringify(p["allowedValue"])}`;
    case "enum":
      return `one of ${JSON.stringify(p["allowedValues"])}`;
    default:
      return error.message ?? error.keyword;
  }
}

function valueAt(body: unknown, pointer: string): unknown {
  let value = body;
  for (const part of pointer.split("/").slice(1)) {
    const key = part.replace(/~1/g, "/").replace(/~0/g, "~");
    value = isJsonObject(value) || Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
  }
  return value;
}

/** Checks answers of Delete Connection against the spec; built once per run. */
export interface Conformance {
  /**
   * Findings for one answer: an undocumented status, a media type other than the spec's (compared
   * by rules/media: any letter case, parameters aside; not checked when `mediaType` is undefined),
   * a body in neither envelope, or schema violations.
   * Of `operation` (default Delete Connection); a fixture step's findings carry `fixtureStep: true`.
   */
  check(
    status: number,
    body: unknown,
    redact: (text: string) => string,
    mediaType?: string | null,
    operation?: CheckedOperation,
  ): ConformanceFinding[];
  /** Every documented (status, envelope) of the given envelopes, with whether `seen` holds it. */
  coverage(envelopes: readonly Envelope[], seen: ReadonlySet<string>): CoverageEntry[];
}

let loaded: Promise<Conformance> | undefined;

/**
 * Loads ajv (an optional peer, needed only by verify) and compiles the schemas, once per process
 * (the bundled spec never changes while it runs). Rejects when ajv is not installed.
 */
export function loadConformance(): Promise<Conformance> {
  loaded ??= compileConformance();
  loaded.catch(() => {
    loaded = undefined;
  });
  return loaded;
}

async function compileConformance(): Promise<Conformance> {
  const { Ajv2020 } = (await import("ajv/dist/2020.js")) as unknown as {
    Ajv2020: new (
      options: object,
    ) => {
      compile(schema: Schema): Validate;
      addFormat(name: string, format: { type: string; validate: (n: number) => boolean }): void;
    };
  };
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  // OpenAPI's integer formats (JSON Schema leaves them to the application).
  ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31 });
  ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
  const byOperation = new Map<CheckedOperation, DocumentedResponse[]>(
    [OPERATION, ...Object.values(FIXTURE_OPERATIONS)].map((op) => [op, documentedResponses(op)]),
  );
  const responses = byOperation.get(OPERATION) ?? [];
  const compiled = new Map<Schema, Validate>();
  const validatorOf = (schema: Schema): Validate => {
    let validate = compiled.get(schema);
    if (validate === undefined) {
      validate = ajv.compile(schema);
      compiled.set(schema, validate);
    }
    return validate;
  };
  return {
    check(status, body, redact, mediaType, operation = OPERATION) {
      const responses = byOperation.get(operation) ?? [];
      const documented = responses.map((r) => r.status).join(", ");
      const step = operation === OPERATION ? {} : { fixtureStep: true as const };
      const finding = (envelope: Envelope | undefined, field: string, expected: string, actual: unknown) => ({
        operation,
        ...step,
        status,
        envelope,
        field,
        expected,
        actual: shorten(redact(previewJson(actual))),
      });
      const response = responses.find((r) => r.status === status);
      const detected = envelopeOf(body);
      const envelope = detected === "success" || detected === "status" ? detected : undefined;
      if (response === undefined) return [finding(envelope, "", `a documented status (${documented})`, status)];
      if (mediaType !== undefined && !isJsonMediaType(mediaType)) {
        return [
          finding(
            envelope,
            "",
            `a body of media type ${JSON_MEDIA_TYPE} (any letter case, any parameters)`,
            mediaType ?? "",
          ),
        ];
      }
      const branch = branchFor(response.branches, detected);
      if (branch === undefined) {
        return [finding(envelope, "", `a body in one envelope (${response.envelopes.join(" or ")})`, body)];
      }
      const validate = validatorOf(branch);
      if (validate(body)) return [];
      return (validate.errors ?? []).map((e) => {
        const field =
          e.keyword === "required" ? `${e.instancePath}/${String(e.params["missingProperty"])}` : e.instancePath;
        return finding(envelope, field, describeError(e), valueAt(body, field));
      });
    },
    coverage(envelopes, seen) {
      return responses.flatMap((r) =>
        r.envelopes
          .filter((e) => envelopes.includes(e))
          .map((envelope) => ({ status: r.status, envelope, exercised: seen.has(coverageKey(r.status, envelope)) })),
      );
    },
  };
}

/** The key of a (status, envelope) pair in a coverage `seen` set. */
export const coverageKey = (status: number, envelope: Envelope): string => `${status} ${envelope}`;
