/**
 * apinizer-connections — the typed client for Apinizer's Delete Connection endpoint.
 *
 * This module (the package's root export) loads openapi-fetch and nothing else: no Pact, no
 * stand-in server, no CLI.
 */

export type { components, operations, paths } from "../generated/openapi.js";
export { MAX_BODY_BYTES, MAX_NAME_LENGTH } from "../rules/limits.js";
export {
  type ConnectionsClient,
  type ConnectionsClientOptions,
  type ConnectionsRawClient,
  createConnectionsClient,
  DEFAULT_TIMEOUT_MS,
  type DeleteConnectionOptions,
  type DeleteConnectionParams,
  type FetchFunction,
} from "./client.js";
export {
  type BadRequestFailure,
  CONNECTION_ERROR_KINDS,
  type ConnectionAlreadyMissing,
  type ConnectionDeleted,
  type ConnectionErrorBody,
  type ConnectionErrorKind,
  type ConnectionNotFoundFailure,
  type DeleteConnectionFailure,
  type DeleteConnectionResponse,
  type DeleteConnectionResult,
  type DeleteConnectionSuccess,
  type HttpErrorFailure,
  type InvalidArgumentFailure,
  type NetworkFailure,
  type ProjectNotFoundFailure,
  type TimeoutFailure,
  type UnauthorizedFailure,
  type UnexpectedResponseFailure,
} from "./results.js";
