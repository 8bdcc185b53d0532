// `serve`'s declarations: options, environment, exit codes, examples. `--help` and
// docs/commands.md are generated from them; serve.ts acts on them.

import { DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_STORED_BYTES, DEFAULT_PROJECT } from "../provider/index.js";
import { ENVELOPES } from "../rules/envelope.js";
import type { OptionTable } from "./args.js";
import { type CommandSpec, HELP_OPTION, INTERNAL_EXIT, USAGE_EXIT } from "./command.js";

export const MAX_CONNECTIONS_LIMIT = 1_000_000;
export const MAX_STORED_MIB_LIMIT = 4096;

const OPTIONS = {
  port: {
    type: "string",
    value: "N",
    default: "0",
    description: "The port to listen on; 0 picks a free one (printed at start).",
    group: "Listening",
  },
  host: {
    type: "string",
    value: "HOST",
    default: "127.0.0.1",
    description:
      "The interface to bind. Anything but loopback lets other machines use the stand-in, with the token it prints (a warning says so).",
    group: "Listening",
  },
  envelope: {
    type: "string",
    value: ENVELOPES.join("|"),
    default: "success",
    description:
      "The envelope it answers in: success (the endpoint's page as of 2025-12) or status (Apinizer's pages since 2026-08).",
    group: "Listening",
  },
  nulls: {
    type: "boolean",
    description:
      'Write every field left unset as null, as Apinizer\'s Java serialiser does ({"status": "SUCCESS", "deploymentResult": null, ...}): to try a client against a Java-style server.',
    group: "Listening",
  },
  project: {
    type: "string",
    value: "NAME",
    multiple: true,
    description: `A project that exists (default ${DEFAULT_PROJECT} when neither --project nor --seed names one).`,
    group: "Content",
  },
  connection: {
    type: "string",
    value: "NAME",
    multiple: true,
    description: "A connection (type email) that exists from the start, in the first project.",
    group: "Content",
  },
  seed: {
    type: "string",
    value: "FILE",
    description:
      'Projects and connections to start with, as JSON: {"projects": ["P"], "connections": [{"projectName": "P", "connectionName": "c1", "type": "kafka", "deployToWorker": false, "fields": {"topicName": "events", "saslPassword": "..."}}]} (type, deployToWorker and fields optional; a connection without projectName is in the first project). Get Connection answers the fields as given, secrets in full; List Connections answers secret fields as null.',
    group: "Content",
  },
  "max-connections": {
    type: "string",
    value: "N",
    default: String(DEFAULT_MAX_CONNECTIONS),
    description: `Most connections held at once, all projects together (at most ${MAX_CONNECTIONS_LIMIT}); Create beyond it answers 507.`,
    group: "Limits",
  },
  "max-stored-mib": {
    type: "string",
    value: "N",
    default: String(DEFAULT_MAX_STORED_BYTES / 1024 / 1024),
    description: `Most MiB of stored Create bodies (at most ${MAX_STORED_MIB_LIMIT}); Create beyond it answers 507. One request body is at most 1 MiB (413).`,
    group: "Limits",
  },
  ...HELP_OPTION,
} as const satisfies OptionTable;

/** serve runs until it is stopped, so a stop by signal is its usual end (after a clean shutdown). */
export const SERVE_EXIT_CODES = {
  ...USAGE_EXIT,
  "cannot-listen": {
    code: 3,
    meaning:
      "cannot listen (the environment, not the arguments): the port is in use, needs privileges, an unknown address",
  },
  ...INTERNAL_EXIT,
  interrupted: { code: 130, meaning: "stopped by Ctrl-C (SIGINT), the usual way to stop it" },
  terminated: { code: 143, meaning: "stopped by SIGTERM" },
} as const;

export const serveSpec: CommandSpec<typeof OPTIONS, typeof SERVE_EXIT_CODES> = {
  name: "serve",
  synopsis: "[--port N] [--envelope E] [--connection NAME]... [options]",
  description:
    "Runs the in-memory Apinizer stand-in (Delete, Create, Get and List Connection, and the healthcheck; see docs/stand-in.md) until Ctrl-C, and prints a curl command that works as printed. Each request is logged on stderr: method, path, status, time and outcome (never a header or a body). Everything lives in memory and is gone when it stops. A Delete with the header 'Prefer: code=NNN' or 'Prefer: example=NAME' gets that documented answer from the spec instead, as from Prism's mock; the spec itself is published at /apiops/v3/api-docs, where drift looks.",
  options: OPTIONS,
  environment: [
    {
      name: "APINIZER_TOKEN",
      description:
        "The token with every permission; when it is not set a random one is made up and printed. Never printed when set.",
    },
    {
      name: "APINIZER_LIMITED_TOKEN",
      description:
        "A token that may read but lacks CONNECTIONS + MANAGE (Delete and Create answer the permission error); random and printed when not set.",
    },
  ],
  exitCodes: SERVE_EXIT_CODES,
  examples: [
    {
      comment: "a stand-in with one connection to delete (the printed curl deletes it)",
      command: "apinizer-connections serve --connection my-email-connection",
    },
    {
      comment: "answer as current Apinizer servers do, on a fixed port",
      command: "apinizer-connections serve --envelope status --port 8080",
    },
    {
      comment: "answer as a Java server does: unset fields written as null",
      command: "apinizer-connections serve --envelope status --nulls --connection my-email-connection",
    },
  ],
};
