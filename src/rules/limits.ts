// Size limits every stage applies alike (client, stand-in, verify).

/** The most of any HTTP body this project reads, in bytes (1 MiB); the rest is discarded and reported. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Longest accepted project or connection name, in Unicode code points. */
export const MAX_NAME_LENGTH = 255;
