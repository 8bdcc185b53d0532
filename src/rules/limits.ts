// Size limits every stage applies alike (client, stand-in, verify).
import { isJsonObject } from "./envelope.js";

/** The most of any HTTP body this project reads, in bytes (1 MiB); the rest is discarded and reported. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Longest accepted project or connection name, in Unicode code points. */
export const MAX_NAME_LENGTH = 255;

/** Longest quoted value (a server's text, a path) in a one-line message, in characters. */
export const QUOTE_MAX = 80;

/** `text` cut to `max` characters, ending in `...` when cut; what messages quote of a long value. */
export function shorten(text: string, max = QUOTE_MAX): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

/**
 * `value` as JSON, written without recursion and only up to a little over `max` characters (cut it
 * with `shorten`); `undefined` is written `absent`. A server decides how deeply its answer or its
 * document nests, and JSON.stringify recurses: a deep value overflows the call stack.
 */
export function previewJson(value: unknown, max = QUOTE_MAX): string {
  let out = "";
  // Work to do, last first: a value to write, or text to write as it is.
  const stack: ({ value: unknown } | { text: string })[] = [{ value }];
  const pushAll = (open: string, parts: [string, unknown][], close: string) => {
    stack.push({ text: close });
    for (let i = parts.length - 1; i >= 0; i--) {
      const [prefix, v] = parts[i] as [string, unknown];
      stack.push({ value: v }, { text: `${i > 0 ? "," : ""}${prefix}` });
    }
    stack.push({ text: open });
  };
  while (stack.length > 0 && out.length <= max) {
    const next = stack.pop() as { value: unknown } | { text: string };
    if ("text" in next) out += next.text;
    else if (Array.isArray(next.value))
      pushAll(
        "[",
        next.value.slice(0, max).map((v) => ["", v]),
        "]",
      );
    else if (isJsonObject(next.value)) {
      const entries = Object.entries(next.value).slice(0, max);
      pushAll(
        "{",
        entries.map(([k, v]) => [`${JSON.stringify(k)}:`, v]),
        "}",
      );
    } else out += next.value === undefined ? "absent" : JSON.stringify(next.value);
  }
  return out;
}

/**
 * The most of a List Connections answer this project reads, in bytes (32 MiB): a project's
 * connections of one type, each a definition of a few hundred bytes to a few KiB, so room for
 * several thousand; the 1 MiB of MAX_BODY_BYTES fits answers about one connection.
 */
export const MAX_LIST_BODY_BYTES = 32 * 1024 * 1024;
