// The stand-in's memory: projects and their connections, within the limits of the run.
// Connection names are case-insensitive, project names case-sensitive (Apinizer's notes on the
// Delete and Create Connection pages).
import type { StoredConnection } from "./types.js";

/** The key under which a connection name is stored: names are case-insensitive. */
export const connectionKey = (connectionName: string): string => connectionName.toLowerCase();

/** Whether a stored connection is deployed to workers: `deployToWorker` defaults to true (Create Connection page). */
export const isDeployed = (connection: StoredConnection): boolean => connection["deployToWorker"] !== false;

interface Entry {
  connection: StoredConnection;
  /** Size of the stored body as JSON, in bytes (UTF-8). */
  bytes: number;
}

/** Result of `put`: stored as new, replaced an existing one, or refused by a limit. */
type PutResult = "created" | "updated" | { limit: "connections" | "bytes" };

export class Store {
  private readonly data = new Map<string, Map<string, Entry>>();
  private count = 0;
  private bytes = 0;

  /**
   * @param projects the projects that exist (never changes while it runs)
   * @param limits most connections held over all projects, most bytes of stored bodies
   */
  constructor(
    projects: readonly string[],
    private readonly limits: { maxConnections: number; maxStoredBytes: number },
  ) {
    for (const p of projects) this.data.set(p, new Map());
  }

  hasProject(projectName: string): boolean {
    return this.data.has(projectName);
  }

  projectNames(): string[] {
    return [...this.data.keys()];
  }

  get(projectName: string, connectionName: string): StoredConnection | undefined {
    return this.data.get(projectName)?.get(connectionKey(connectionName))?.connection;
  }

  /** The connections of a project sorted by name, or undefined when it does not exist. */
  list(projectName: string): StoredConnection[] | undefined {
    const project = this.data.get(projectName);
    if (!project) return undefined;
    return [...project.values()].map((e) => e.connection).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Stores (or replaces) a connection of an existing project, unless that would pass a limit. */
  put(projectName: string, connection: StoredConnection): PutResult {
    const project = this.data.get(projectName);
    if (!project) throw new Error(`no project ${projectName}`);
    const key = connectionKey(connection.name);
    const old = project.get(key);
    const bytes = Buffer.byteLength(JSON.stringify(connection));
    if (!old && this.count >= this.limits.maxConnections) return { limit: "connections" };
    if (this.bytes - (old?.bytes ?? 0) + bytes > this.limits.maxStoredBytes) return { limit: "bytes" };
    project.set(key, { connection, bytes });
    this.bytes += bytes - (old?.bytes ?? 0);
    if (!old) this.count++;
    return old ? "updated" : "created";
  }

  /** Removes a connection; false when there was none of that name. */
  delete(projectName: string, connectionName: string): boolean {
    const project = this.data.get(projectName);
    const key = connectionKey(connectionName);
    const old = project?.get(key);
    if (!project || !old) return false;
    project.delete(key);
    this.count--;
    this.bytes -= old.bytes;
    return true;
  }
}
