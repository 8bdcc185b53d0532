// Kinds of spec change for the breaking-change gate's tests: each an edit of a copy of the spec
// (file, text to replace, replacement); a breaking kind also names the rule and the place the gate
// must report. The kinds touch different parts of the spec, so several can share one copy. Edits
// of OPERATION replace the first match: Delete Connection, which the path file lists first.
export const OPERATION = "openapi/paths/apiops_projects_{projectName}_connections_{connectionName}.yaml";
const SCHEMAS = "openapi/components/schemas";
const PARAMETERS = "openapi/components/parameters";

export type Edit = [file: string, from: string | RegExp, to: string];
/** A kind of change: its edits, and (for a breaking kind) the rule and the place the gate must name. */
export type Kind = [name: string, edits: Edit[], rule?: string, where?: RegExp];

export const BREAKING: Kind[] = [
  [
    "a removed response field",
    [[`${SCHEMAS}/StatusEnvelopeSuccess.yaml`, / {2}resultCount:\n( {4}.*\n)+/, ""]],
    "property-removed",
    /responses\/200\/.*resultCount/,
  ],
  [
    "a removed required field of a oneOf branch",
    [
      [`${SCHEMAS}/StatusEnvelopeFailure.yaml`, "  - resultMessage\n", ""],
      [`${SCHEMAS}/StatusEnvelopeFailure.yaml`, / {2}resultMessage:\n(.*\n){2}/, ""],
    ],
    "property-removed",
    /responses\/400\/.*oneOf\/1\/properties\/resultMessage/,
  ],
  [
    "a response field no longer required",
    [[`${SCHEMAS}/DeleteConnectionResponse.yaml`, "  - deploymentResult\n", ""]],
    "required-properties-removed",
    /responses\/200\/.*oneOf\/0/,
  ],
  ["a removed status", [[OPERATION, / {4}'404':\n.*\n/, ""]], "response-removed", /responses\/404/],
  [
    "a new required parameter",
    [
      [
        OPERATION,
        "  security:\n",
        "  parameters:\n    - name: force\n      in: query\n      required: true\n      schema:\n        type: boolean\n  security:\n",
      ],
    ],
    "parameter-became-required",
    /DELETE parameters/,
  ],
  [
    "a narrowed parameter type",
    [[`${PARAMETERS}/connectionName.yaml`, "  minLength: 1\n", "  minLength: 1\n  maxLength: 64\n"]],
    "schema-constraint-changed",
    /parameters 1\/schema/,
  ],
  [
    "a narrowed parameter enum",
    [[`${PARAMETERS}/projectName.yaml`, "  minLength: 1\n", "  minLength: 1\n  enum:\n    - MyProject\n"]],
    "enum-values-removed",
    /parameters 0\/schema/,
  ],
  [
    "a changed response field type",
    [
      [
        `${SCHEMAS}/DeploymentResult.yaml`,
        "    type:\n      - integer\n      - 'null'\n    format: int64\n",
        "    type: string\n",
      ],
    ],
    "schema-type-changed",
    /deploymentResult\/properties\/responseTime/,
  ],
  [
    "a widened response enum",
    [[`${SCHEMAS}/StatusEnvelopeSuccess.yaml`, "    const: SUCCESS\n", "    enum:\n      - SUCCESS\n      - DONE\n"]],
    "schema-constraint-changed",
    /responses\/200\/.*oneOf\/1\/properties\/status/,
  ],
];

export const PATH_CHANGE: Kind = [
  "a changed path",
  [["openapi/openapi.yaml", "/connections/{connectionName}/:", "/connection/{connectionName}/:"]],
  "path-removed",
  /paths \/apiops\/projects\/\{projectName\}\/connection\/\{connectionName\}\//,
];

export const ADDITIVE: Kind[] = [
  [
    "a new optional response field",
    [[`${SCHEMAS}/DeploymentResult.yaml`, "properties:\n", "properties:\n  zone:\n    type: string\n"]],
  ],
  [
    "a new optional query parameter",
    [
      [
        OPERATION,
        "  security:\n",
        "  parameters:\n    - name: dryRun\n      in: query\n      schema:\n        type: boolean\n  security:\n",
      ],
    ],
  ],
  [
    "a new example",
    [
      [
        "openapi/components/responses/BadRequest.yaml",
        "    examples:\n",
        "    examples:\n      emptyName:\n        summary: An empty name (status envelope)\n        value:\n          status: FAILURE\n          resultMessage: projectName value can not be empty!\n",
      ],
    ],
  ],
  [
    "a reworded description",
    [[OPERATION, "Removes one connection from a project, for good.", "Deletes a connection."]],
  ],
  [
    "a new error status",
    [[OPERATION, "    '500':\n", "    '403':\n      $ref: ../components/responses/Unauthorized.yaml\n    '500':\n"]],
  ],
  ["a widened parameter", [[`${PARAMETERS}/projectName.yaml`, "  minLength: 1\n", ""]]],
];
