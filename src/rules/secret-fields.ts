// Secret fields of a connection's definition (Get Connection answers them in full, List
// Connections as null): found by name, their values collected (to redact wherever else they
// appear) or replaced.
import { REDACTED } from "./secrets.js";

/**
 * Field names that hold a connection's secrets: Apinizer's `password`, `elasticPassword`,
 * `connectionFactoryPassword`, `caKeystoreFilePass`, `authPassphrase`, `privPassphrase`, and the
 * usual `secret`, `apiKey`, `privateKey`, `accessKey`, `credentials`, `...Token`. List Connections
 * answers these as `null`; Get Connection in full.
 */
const SECRET_FIELD =
  /pass(?:word|phrase|wd)?$|password|secret|api[-_]?key|private[-_]?key|access[-_]?key|credential|token$/i;

/** Whether a field of a connection's definition holds a secret, by its name (SECRET_FIELD). */
export function isSecretField(name: string): boolean {
  return SECRET_FIELD.test(name);
}

/**
 * Every non-empty string held under a secret field of `value`, at any depth (a secret field's
 * object or array counts whole): what a redactor of a definition must hide, wherever else the same
 * value appears (a JDBC URL that repeats the password).
 */
export function secretValuesOf(value: unknown): string[] {
  const found: string[] = [];
  const collect = (v: unknown, secret: boolean): void => {
    if (typeof v === "string") {
      if (secret && v !== "") found.push(v);
    } else if (typeof v === "object" && v !== null) {
      // An array's items are its fields "0", "1", ... (no secret field's name). (`typeof v ===
      // "object"` to `true` survives: a number or boolean has no fields either.)
      // `{"name": "password", "value": "…"}` pairs (additionalProperties) count as secret fields too.
      const record = v as Record<string, unknown>;
      const named = typeof record["name"] === "string" && isSecretField(record["name"]);
      for (const [k, item] of Object.entries(record))
        collect(item, secret || isSecretField(k) || (named && k === "value"));
    }
  };
  collect(value, false);
  return found;
}

/** A copy of `value` with every string under a secret field (as secretValuesOf finds them) replaced by REDACTED. */
export function redactSecretFields(value: unknown): unknown {
  const walk = (v: unknown, secret: boolean): unknown => {
    if (typeof v === "string") return secret && v !== "" ? REDACTED : v;
    if (Array.isArray(v)) return v.map((item) => walk(item, secret));
    if (typeof v === "object" && v !== null) {
      const record = v as Record<string, unknown>;
      const named = typeof record["name"] === "string" && isSecretField(record["name"]);
      return Object.fromEntries(
        Object.entries(record).map(([k, item]) => [
          k,
          walk(item, secret || isSecretField(k) || (named && k === "value")),
        ]),
      );
    }
    return v;
  };
  return walk(value, false);
}
