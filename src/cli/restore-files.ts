// The backup files `restore` is given (FILE or DIR arguments: what `delete --backup DIR` wrote),
// found and read, each checked into an item to restore or the reason it is not one.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Connection } from "../client/index.js";
import { UsageError } from "./args.js";
import { readBackupRecord } from "./backup-files.js";
import { checkName } from "./target.js";

/** One backup to restore, read and checked; or why the file is not one. */
export type Item =
  | { readonly file: string; readonly problem: string }
  | {
      readonly file: string;
      readonly problem?: undefined;
      readonly projectName: string;
      readonly connectionName: string;
      readonly definition: Connection;
    };

/** Largest backup file read. */
const MAX_BACKUP_BYTES = 16 * 1024 * 1024;

/** Every *.json file under `dir`, sorted (partial files of an interrupted backup are skipped). */
function jsonFilesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, encoding: "utf8" }) as string[])
    .filter((name) => name.endsWith(".json"))
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .sort();
}

/** The files the arguments name: each FILE itself, each DIR's *.json files. A missing one is a usage error. */
export function filesOf(args: readonly string[], cwd: string): string[] {
  if (args.length === 0) throw new UsageError("name at least one backup FILE or DIR (what delete --backup DIR wrote)");
  return args.flatMap((arg, i) => {
    const path = resolve(cwd, arg);
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch (error) {
      throw new UsageError(`argument ${i + 1} cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
    }
    if (!isDir) return [path];
    try {
      return jsonFilesUnder(path);
    } catch (error) {
      throw new UsageError(
        `argument ${i + 1}: the folder cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`,
      );
    }
  });
}

/** Reads one file into an item (a problem, never a throw; the message never quotes the file's content). */
export function itemOf(file: string, project: string | undefined): Item {
  let json: unknown;
  try {
    const bytes = readFileSync(file);
    if (bytes.length > MAX_BACKUP_BYTES) return { file, problem: "the file is over 16 MiB" };
    json = JSON.parse(bytes.toString("utf8"));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { file, problem: code === undefined ? "the file is not JSON" : `the file cannot be read (${code})` };
  }
  const record = readBackupRecord(json);
  if (typeof record === "string") return { file, problem: `not a backup: ${record}` };
  const projectName = project ?? record.projectName;
  if (projectName === undefined) return { file, problem: "it records no project: give --project" };
  try {
    checkName(projectName, "its project");
    checkName(record.connectionName, "its connection name");
  } catch (error) {
    return { file, problem: (error as Error).message };
  }
  return { file, projectName, connectionName: record.connectionName, definition: record.definition };
}
