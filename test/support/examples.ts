// Checks every example in the spec against the schema beside it, independently of Redocly.
import { Ajv2020 } from "ajv/dist/2020.js";
import type { Spec } from "./spec.js";

export interface ExampleViolation {
  where: string;
  errors: string;
}

const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** Every (where, schema, example value) in the responses of a dereferenced spec. */
export function examplesOf(spec: Spec): { where: string; schema: object; value: unknown }[] {
  const found: { where: string; schema: object; value: unknown }[] = [];
  for (const [path, item] of Object.entries<Spec>(spec.paths ?? {})) {
    for (const method of methods.filter((m) => item[m])) {
      for (const [status, response] of Object.entries<Spec>(item[method].responses ?? {})) {
        for (const [mediaType, media] of Object.entries<Spec>(response.content ?? {})) {
          const where = `${method.toUpperCase()} ${path} ${status} ${mediaType}`;
          if ("example" in media) found.push({ where, schema: media.schema, value: media.example });
          for (const [name, example] of Object.entries<Spec>(media.examples ?? {})) {
            found.push({ where: `${where} examples.${name}`, schema: media.schema, value: example.value });
          }
        }
      }
    }
  }
  return found;
}

export function exampleViolations(spec: Spec): ExampleViolation[] {
  // OpenAPI adds annotation keywords to JSON Schema; declare them rather than turn strict mode off.
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  ajv.addVocabulary(["example", "xml", "externalDocs", "discriminator"]);
  return examplesOf(spec).flatMap(({ where, schema, value }) => {
    const validate = ajv.compile(schema);
    return validate(value) ? [] : [{ where, errors: ajv.errorsText(validate.errors) }];
  });
}
