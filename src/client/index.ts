/**
 * apinizer-connections — the typed client for Apinizer's Delete Connection endpoint.
 *
 * This module (the package's root export) loads openapi-fetch and nothing else: no Pact, no
 * stand-in server, no CLI. Usage: docs/client.md.
 */

export type { components, operations, paths } from "../generated/openapi.js";
export { MAX_NAME_LENGTH } from "../rules/limits.js";
export {
  type ConnectionsClient,
  createConnectionsClient,
  type DeleteConnectionOptions,
  type DeleteConnectionParams,
} from "./client.js";
export { type ConnectionsClientOptions, DEFAULT_TIMEOUT_MS, type FetchFunction, MAX_RETRIES } from "./options.js";
export {
  type BadRequestFailure,
  CONNECTION_ERROR_KINDS,
  type ConnectionAlreadyMissing,
  type ConnectionDeleted,
  type ConnectionErrorKind,
  type ConnectionNotFoundFailure,
  type DeleteConnectionFailure,
  type DeleteConnectionResult,
  type DeleteConnectionSuccess,
  type Envelope,
  type HttpErrorFailure,
  type InvalidArgumentFailure,
  type NetworkFailure,
  type PermissionDeniedFailure,
  type ProjectNotFoundFailure,
  type TimeoutFailure,
  type UnauthorizedFailure,
  type UnexpectedResponseFailure,
  type WorkersOutcome,
} from "./results.js";
