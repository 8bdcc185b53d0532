// Checks every example in the spec against the schema beside it, independently of Redocly.
import { Ajv2020 } from "ajv/dist/2020.js";
import type { Spec } from "./spec.js";

export interface ExampleViolation {
  where: string;
  errors: string;
}

/** One response example: where it is (`DELETE <path> <status> <media type> examples.<name>`), its schema and value. */
export interface ResponseExample {
  where: string;
  status: string;
  name: string;
  summary: string | undefined;
  schema: object;
  value: unknown;
}

const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** Every example in the responses of a dereferenced spec (or an envelope's view of it). */
export function examplesOf(spec: Spec): ResponseExample[] {
  const found: ResponseExample[] = [];
  for (const [path, item] of Object.entries<Spec>(spec["paths"] ?? {})) {
    for (const method of methods.filter((m) => item[m])) {
      for (const [status, response] of Object.entries<Spec>(item[method].responses ?? {})) {
        for (const [mediaType, media] of Object.entries<Spec>(response["content"] ?? {})) {
          const where = `${method.toUpperCase()} ${path} ${status} ${mediaType}`;
          const schema = media["schema"];
          if ("example" in media)
            found.push({ where, status, name: "", summary: undefined, schema, value: media["example"] });
          for (const [name, example] of Object.entries<Spec>(media["examples"] ?? {})) {
            const at = `${where} examples.${name}`;
            found.push({ where: at, status, name, summary: example["summary"], schema, value: example["value"] });
          }
        }
      }
    }
  }
  return found;
}

/** Integer formats of the OpenAPI format registry, as ranges (JSON numbers beyond 2^53 are not exact anyway). */
const INTEGER_FORMATS = { int32: 2 ** 31, int64: 2 ** 63 };

/**
 * A JSON Schema 2020-12 validator for OpenAPI 3.1 schemas: strict, with OpenAPI's annotation
 * keywords and this spec's `x-envelope` declared, and the int32/int64 formats checked.
 */
export function openApiAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  ajv.addVocabulary(["example", "xml", "externalDocs", "discriminator", "x-envelope"]);
  for (const [name, limit] of Object.entries(INTEGER_FORMATS)) {
    ajv.addFormat(name, { type: "number", validate: (n: number) => Number.isInteger(n) && n >= -limit && n < limit });
  }
  return ajv;
}

/** Whether `value` conforms to `schema`; the errors as one line when it does not. */
export function validate(ajv: Ajv2020, schema: object, value: unknown): string | undefined {
  const check = ajv.compile(schema);
  return check(value) ? undefined : ajv.errorsText(check.errors);
}

export function exampleViolations(spec: Spec): ExampleViolation[] {
  const ajv = openApiAjv();
  return examplesOf(spec).flatMap(({ where, schema, value }) => {
    const errors = validate(ajv, schema, value);
    return errors === undefined ? [] : [{ where, errors }];
  });
}
