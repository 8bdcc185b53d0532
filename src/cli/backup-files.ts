// Backup files: what `delete --backup DIR` writes before each delete and `restore` reads. One
// file per connection, DIR/<project>/<connection>.json, holding the connection's definition as
// Get Connection answered it (secrets in full), so: folders made 0700, files 0600, written whole
// or not at all (a partial file renamed into place only once every byte is on disk).
import {
  closeSync,
  constants,
  fchmodSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Connection } from "../client/index.js";
import { isJsonObject } from "../rules/envelope.js";

/** The format marker and version a backup file carries (`"apinizer-connections-backup": 1`). */
export const BACKUP_FORMAT = "apinizer-connections-backup";
export const BACKUP_VERSION = 1;

/** What one backup file holds. */
export interface BackupRecord {
  readonly [BACKUP_FORMAT]: typeof BACKUP_VERSION;
  /** The project the connection was in (restore's default project). */
  readonly projectName: string;
  /** The connection's name, as the delete was asked for it. */
  readonly connectionName: string;
  /** When it was read, ISO 8601 (UTC). */
  readonly savedAt: string;
  /** The definition Get Connection answered, secrets in full: Create Connection's body to make it again. */
  readonly definition: Connection;
}

/** A name as a file or folder name: itself when plain ([A-Za-z0-9._ -], not starting with "."), else percent-encoded. */
export function fileNameOf(name: string): string {
  return /^[A-Za-z0-9_ -][A-Za-z0-9._ -]*$/.test(name) ? name : encodeURIComponent(name).replace(/\./g, "%2E");
}

/** Longest file name most file systems take, in bytes. */
const MAX_FILE_NAME_BYTES = 255;

/** DIR/<project>/<connection>.json for a connection (names made safe by fileNameOf). */
export function backupPathOf(dir: string, projectName: string, connectionName: string): string {
  return join(dir, fileNameOf(projectName), `${fileNameOf(connectionName)}.json`);
}

/**
 * Creates `dir` (and its parents) if needed; a folder this creates is 0700. Throws the file
 * system's error. One level at a time, not `mkdirSync(…, { recursive: true })`: on Node 20 and 22
 * that never returns for a path under /proc (measured: `/proc/x` loops forever).
 */
export function makePrivateDir(dir: string): void {
  const path = resolve(dir);
  try {
    mkdirSync(path, { mode: 0o700 });
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST" && statSync(path).isDirectory()) return;
    const parent = dirname(path);
    if (code !== "ENOENT" || parent === path) throw error;
  }
  makePrivateDir(dirname(path));
  mkdirSync(path, { mode: 0o700 });
}

/**
 * Writes `record` to its path under `dir`: the project's folder made 0700 if missing, the file
 * written to `<file>.partial` (0600, never following a link), flushed to disk, then renamed into
 * place, so a full disk or a crash never leaves a cut-off backup under the real name. Returns the
 * path. Throws the file system's error (ENOSPC, EACCES, ENOTDIR...) after removing the partial file.
 */
export function writeBackup(dir: string, record: BackupRecord): string {
  const path = backupPathOf(dir, record.projectName, record.connectionName);
  const fileName = `${fileNameOf(record.connectionName)}.json.partial`;
  if (Buffer.byteLength(fileName) > MAX_FILE_NAME_BYTES) {
    throw new Error(`the connection's name is too long for a file name (over ${MAX_FILE_NAME_BYTES} bytes encoded)`);
  }
  makePrivateDir(join(dir, fileNameOf(record.projectName)));
  const partial = `${path}.partial`;
  const fd = openSync(
    partial,
    constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW,
    0o600,
  );
  try {
    try {
      // A partial file left by an earlier run keeps its old mode: make it 0600 before writing.
      fchmodSync(fd, 0o600);
      const bytes = Buffer.from(`${JSON.stringify(record, null, 2)}\n`);
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(partial, path);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  return path;
}

/**
 * The record in a backup file's parsed JSON, or why it is none. Also takes a bare definition (a
 * connection object with `type` and `name`, e.g. Get Connection's `resultList[0]` saved by hand):
 * then it records no project.
 */
export function readBackupRecord(
  json: unknown,
): { definition: Connection; projectName: string | undefined; connectionName: string } | string {
  if (!isJsonObject(json)) return "not a JSON object";
  const bare = !(BACKUP_FORMAT in json);
  if (!bare && json[BACKUP_FORMAT] !== BACKUP_VERSION) return `a backup of another format version (${BACKUP_FORMAT})`;
  const definition = bare ? json : json["definition"];
  if (!isJsonObject(definition)) return "no definition (an object) in it";
  const { type, name } = definition;
  if (typeof type !== "string" || type === "") return "the definition has no type";
  if (typeof name !== "string" || name === "") return "the definition has no name";
  const projectName = bare ? undefined : json["projectName"];
  if (projectName !== undefined && typeof projectName !== "string") return "its projectName is not a string";
  return { definition: definition as Connection, projectName, connectionName: name };
}
