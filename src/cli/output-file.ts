// The files a command writes (`verify --junit PATH`, `--report PATH`) behave like a shell's `>`:
// a regular file (or a new one) is replaced atomically, written beside it and renamed over it, so
// a reader never sees half a report; a device, a named pipe or a symlink is written through and
// never removed or replaced (`--junit /dev/stdout` on a CI runner as root must not delete
// /dev/stdout). Every write is checked: a full disk or a closed pipe is an error, not a silent
// empty file. Missing folders are made one level at a time: Node's own recursive mkdir never
// returns for a path under /proc.
import { randomBytes } from "node:crypto";
import { constants, type Stats } from "node:fs";
import { lstat, mkdir, open, rename, rm, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** Most folders `makeFolders` creates for one path; a deeper missing path is refused. */
const MAX_NEW_FOLDERS = 64;

/** The Node error code of `error`, if it has one. */
const codeOf = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | undefined)?.code;

/** lstat, or undefined when nothing is at `path`. */
async function entryAt(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch (error) {
    if (codeOf(error) === "ENOENT") return undefined;
    throw error;
  }
}

/**
 * Makes `folder` and its missing parents, one `mkdir` each (at most MAX_NEW_FOLDERS), so it ends
 * after a bounded number of system calls. Throws an Error saying which folder could not be made.
 */
export async function makeFolders(folder: string): Promise<void> {
  const missing: string[] = [];
  let at = folder;
  for (;;) {
    const found = await stat(at).catch((error: unknown) => {
      if (codeOf(error) === "ENOENT") return undefined;
      throw error;
    });
    if (found !== undefined) {
      if (!found.isDirectory()) throw new Error(`${at} is not a folder`);
      break;
    }
    missing.push(at);
    if (missing.length > MAX_NEW_FOLDERS) throw new Error(`more than ${MAX_NEW_FOLDERS} folders would have to be made`);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const f of missing.reverse()) {
    try {
      await mkdir(f);
    } catch (error) {
      if (codeOf(error) === "EEXIST" && (await stat(f)).isDirectory()) continue;
      throw new Error(`cannot create the folder ${f}: ${(error as Error).message}`);
    }
  }
}

/**
 * Removes a regular file left at `path` by an earlier run, so that a run stopped hard leaves no
 * stale result; a device, a pipe, a symlink or a folder stays as it is. Never throws.
 */
export async function removeStaleFile(path: string | undefined): Promise<void> {
  if (path === undefined) return;
  try {
    if ((await lstat(path)).isFile()) await unlink(path);
  } catch {
    // Nothing there, or it cannot be removed: writing there later says why if it matters.
  }
}

/**
 * Writes `text` (UTF-8) to `path` as a shell's `>` would, every write checked. A regular file is
 * written to a temporary file beside it, synced, and renamed over it (its mode kept); a symlink,
 * device, named pipe or socket is opened and written through (a pipe without a reader waits for
 * one, as `>` does). Rejects with the system's error (ENOSPC, EPIPE, EISDIR, …) or one of
 * `makeFolders`; no temporary file is left either way.
 */
export async function writeOutputFile(path: string, text: string): Promise<void> {
  const found = await entryAt(path);
  if (found?.isDirectory()) throw Object.assign(new Error(`${path} is a folder`), { code: "EISDIR" });
  if (found !== undefined && !found.isFile()) {
    const handle = await open(path, constants.O_WRONLY | constants.O_TRUNC | constants.O_CREAT);
    try {
      await handle.writeFile(text);
    } finally {
      await handle.close();
    }
    return;
  }
  const folder = dirname(path);
  if (found === undefined) await makeFolders(folder);
  const temp = join(folder, `.${basename(path)}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    const handle = await open(temp, "wx", found === undefined ? 0o666 : found.mode & 0o7777);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
