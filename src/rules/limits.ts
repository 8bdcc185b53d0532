// Size limits every stage applies alike (client, stand-in, verify).

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
