// `serve --seed FILE`: projects and connections to start with, read from JSON. A problem is a
// UsageError that says where in the file, never what the file or the value is.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { SeedConnection } from "../provider/index.js";
import { isJsonObject } from "../rules/envelope.js";
import { UsageError } from "./args.js";
import { checkName } from "./target.js";

export interface Seed {
  readonly projects: readonly string[];
  readonly connections: readonly SeedConnection[];
}

/** Largest seed file read (the stand-in's own limits bound what it holds). */
const MAX_SEED_BYTES = 16 * 1024 * 1024;

function seedConnection(value: unknown, where: string): SeedConnection {
  if (!isJsonObject(value)) throw new UsageError(`--seed: ${where} must be an object`);
  const { projectName, connectionName, type, deployToWorker, fields } = value;
  if (typeof connectionName !== "string") throw new UsageError(`--seed: ${where}.connectionName must be a string`);
  if (projectName !== undefined && typeof projectName !== "string") {
    throw new UsageError(`--seed: ${where}.projectName must be a string`);
  }
  if (type !== undefined && (typeof type !== "string" || !/^[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(type))) {
    throw new UsageError(`--seed: ${where}.type must be a connection type such as "email" or "kafka"`);
  }
  if (deployToWorker !== undefined && typeof deployToWorker !== "boolean") {
    throw new UsageError(`--seed: ${where}.deployToWorker must be true or false`);
  }
  if (fields !== undefined && !isJsonObject(fields)) throw new UsageError(`--seed: ${where}.fields must be an object`);
  return {
    ...(fields === undefined ? {} : { fields }),
    connectionName: checkName(connectionName, `--seed: ${where}.connectionName`),
    ...(projectName === undefined ? {} : { projectName: checkName(projectName, `--seed: ${where}.projectName`) }),
    ...(type === undefined ? {} : { type }),
    ...(deployToWorker === undefined ? {} : { deployToWorker }),
  };
}

/** Reads and checks a seed file (relative to `cwd`). */
export function readSeed(path: string, cwd: string): Seed {
  let text: string;
  try {
    const bytes = readFileSync(resolve(cwd, path));
    if (bytes.length > MAX_SEED_BYTES) throw new UsageError("--seed: the file is over 16 MiB");
    text = bytes.toString("utf8");
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--seed: the file cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError("--seed: the file is not JSON");
  }
  if (!isJsonObject(json)) throw new UsageError('--seed: the file must hold an object {"projects", "connections"}');
  const { projects = [], connections = [] } = json;
  if (!Array.isArray(projects)) throw new UsageError("--seed: projects must be an array of names");
  if (!Array.isArray(connections)) throw new UsageError("--seed: connections must be an array");
  return {
    projects: projects.map((p, i) => {
      if (typeof p !== "string") throw new UsageError(`--seed: projects[${i}] must be a string`);
      return checkName(p, `--seed: projects[${i}]`);
    }),
    connections: connections.map((c, i) => seedConnection(c, `connections[${i}]`)),
  };
}
