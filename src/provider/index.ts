// `apinizer-connections/provider`: the in-memory Apinizer stand-in, for teams to develop and
// test against. Importing it loads node:http and nothing of Pact.
export { serve, randomToken, DEFAULT_PROJECT } from "./server.js";
export type { ServeOptions, StandIn } from "./server.js";
export type {
  StandInBehaviour,
  Reply,
  ReplyContext,
  Operation,
  Outcome,
  StoredConnection,
  DeleteConnectionResponse,
  ApiError,
} from "./types.js";
