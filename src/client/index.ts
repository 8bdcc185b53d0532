/**
 * apinizer-connections — the typed client for Apinizer's Delete Connection endpoint, with Get,
 * List and Create Connection for reading a connection before deleting it and making it again.
 *
 * This module (the package's root export) loads openapi-fetch and nothing else: no Pact, no
 * stand-in server, no CLI. Usage: docs/client.md.
 */

export type { components, operations, paths } from "../generated/openapi.js";
export type { DurationUnit } from "../rules/duration.js";
export { MAX_LIST_BYTES, MAX_NAME_LENGTH } from "../rules/limits.js";
export {
  type BackupHandler,
  type ConnectionsClient,
  createConnectionsClient,
  type DeleteConnectionOptions,
  type DeleteConnectionParams,
} from "./client.js";
export type { CallOptions, ConnectionParams, ListConnectionsParams } from "./operations.js";
export { type ConnectionsClientOptions, DEFAULT_TIMEOUT_MS, type FetchFunction, MAX_RETRIES } from "./options.js";
export {
  type BadRequestFailure,
  CONNECTION_ERROR_KINDS,
  type Connection,
  type ConnectionAlreadyMissing,
  type ConnectionCallFailure,
  type ConnectionCreated,
  type ConnectionDeleted,
  type ConnectionErrorKind,
  type ConnectionExistsFailure,
  type ConnectionFound,
  type ConnectionNotFoundFailure,
  type ConnectionsListed,
  type CreateConnectionResult,
  type DeleteConnectionFailure,
  type DeleteConnectionResult,
  type DeleteConnectionSuccess,
  type Envelope,
  type GetConnectionResult,
  type HttpErrorFailure,
  type InvalidArgumentFailure,
  type ListConnectionsResult,
  type NetworkFailure,
  type NotBackedUpFailure,
  type PermissionDeniedFailure,
  type ProjectNotFoundFailure,
  type TimeoutFailure,
  type UnauthorizedFailure,
  type UnexpectedResponseFailure,
  type WorkersOutcome,
} from "./results.js";
