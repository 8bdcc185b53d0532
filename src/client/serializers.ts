// The URL of a request, as openapi-fetch's own serializers write it, with the work done once per
// template instead of per call: openapi-fetch's default path serializer matches a regex over the
// URL and replaces each placeholder in turn, and its default query serializer is made anew for
// every request. Given to the client's openapi-fetch through its `pathSerializer` and
// `querySerializer` options; anything but a string path value or an empty query goes to
// openapi-fetch's own, so every URL is the one openapi-fetch would write.
import { createQuerySerializer, defaultPathSerializer } from "openapi-fetch";

/** openapi-fetch's placeholder: `{name}`, and its label, matrix and explode forms (`{.name}`, `{;name}`, `{name*}`). */
const PLACEHOLDER = /\{([^{}]+)\}/g;

/** A placeholder openapi-fetch fills with `encodeURIComponent(value)`: simple style, no explode. */
const isSimple = (name: string): boolean => !name.startsWith(".") && !name.startsWith(";") && !name.endsWith("*");

/** A URL template split at its placeholders: text, name, text, name, …, text. */
type Compiled = readonly string[];

function compile(url: string): Compiled | undefined {
  const parts = url.split(PLACEHOLDER);
  for (let i = 1; i < parts.length; i += 2) if (!isSimple(parts[i] as string)) return undefined;
  return parts;
}

/**
 * A `pathSerializer` for one client: `url` is the base URL and a template of the generated
 * `paths`, compiled once. String values are percent-encoded as openapi-fetch does
 * (`encodeURIComponent`); any other value, or a template with another style, goes to
 * openapi-fetch's `defaultPathSerializer`.
 */
export function pathSerializer(): (url: string, params: Readonly<Record<string, unknown>>) => string {
  const templates = new Map<string, Compiled | undefined>();
  return (url, params) => {
    let parts = templates.get(url);
    if (parts === undefined && !templates.has(url)) {
      parts = compile(url);
      templates.set(url, parts);
    }
    if (parts === undefined) return defaultPathSerializer(url, params);
    let out = parts[0] as string;
    for (let i = 1; i < parts.length; i += 2) {
      const value = params[parts[i] as string];
      if (typeof value !== "string") return defaultPathSerializer(url, params);
      out += encodeURIComponent(value) + (parts[i + 1] as string);
    }
    return out;
  };
}

const defaultQuery = createQuerySerializer();

/** A `querySerializer`: an empty query is "" without openapi-fetch's per-call serializer; any other, openapi-fetch's default. */
export function querySerializer(query: Readonly<Record<string, unknown>>): string {
  for (const _ in query) return defaultQuery(query);
  return "";
}
