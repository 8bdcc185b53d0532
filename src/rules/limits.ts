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
 * The most bytes of a List Connections answer read (after decompression): 256 MiB. A real
 * connection object of dozens of fields takes 1–2 KiB, so this holds well over 100,000 of them
 * (bench/README.md measures 50,000). The answer is parsed as it arrives and only what is needed of
 * each connection is kept; past the bound the connections read so far are used and the rest is
 * said to be unread. The client's listConnections reads up to the same bound.
 */
export const MAX_LIST_BYTES = 256 * 1024 * 1024;
