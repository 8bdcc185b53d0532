// Servers and stand-ins a test starts are closed when that test ends, however it ends: one rule
// for every test file instead of an afterEach block and an array in each.
import { onTestFinished } from "vitest";

/** Something a test starts and must stop. */
export interface Closeable {
  close(): Promise<void>;
}

/**
 * Closes each of `started` when the current test finishes; returns the first, so a start reads
 * `const s = closeAfterTest(await serve(...))`. In `describe.concurrent` or `it.concurrent` tests
 * Vitest cannot tell which test is current: use `withServers` there.
 */
export function closeAfterTest<S extends Closeable>(first: S, ...more: Closeable[]): S {
  onTestFinished(() => Promise.all([first, ...more].map((s) => s.close())).then(() => undefined));
  return first;
}

/**
 * Runs `body` with a `track` function; everything tracked is closed when `body` ends, however it
 * ends. For tests that run side by side (`describe.concurrent`), where `closeAfterTest` cannot be used.
 */
export async function withServers<T>(body: (track: <S extends Closeable>(s: S) => S) => Promise<T>): Promise<T> {
  const started: Closeable[] = [];
  try {
    return await body((s) => {
      started.push(s);
      return s;
    });
  } finally {
    await Promise.all(started.map((s) => s.close()));
  }
}
