// Apinizer's pages since 2026-08 (Delete Connection, and the Management API's error conventions):
// the `status` envelope. Every fact of them that concerns this endpoint is here, in this
// project's words; the spec must carry each (test/spec/facts.test.ts).
import {
  CONNECTION_CAUSES,
  ENDPOINT,
  NOTES,
  OVERVIEW,
  PATH_PARAMETERS,
  type PageFacts,
  SAMPLE_AUTH,
  SAMPLE_CURL,
} from "./page-facts.js";

const failure = (resultMessage: string) => ({ status: "FAILURE", resultMessage });

export const STATUS_FACTS: PageFacts = {
  page: "Apinizer's pages since 2026-08 (status envelope)",
  envelope: "status",
  method: "delete",
  path: ENDPOINT,
  auth: SAMPLE_AUTH,
  pathParameters: PATH_PARAMETERS,
  noQueryNoBody: true,
  // No 404: a missing project or resource is a 400 on these servers; 500 from the error conventions.
  statuses: {
    200: [{ status: "SUCCESS", deploymentResult: { success: true } }],
    400: [
      failure("Connection (name: my-email-connection) was not found!"),
      failure("Project (MyProject) is not found!"),
      failure("User does not have required permission for this operation!"),
    ],
    401: [
      failure("Token is not valid!"),
      failure("Token was expired!"),
      failure("Empty Key! Client must be authenticated to access this resource."),
    ],
    500: [failure("An unexpected error occurred")],
  },
  successFields: [
    { field: "status", type: "string", required: true, about: /SUCCESS/ },
    { field: "deploymentResult", type: "object", required: false, about: /workers/i },
    { field: "deploymentResult.success", type: "boolean", required: true, about: /workers succeeded/i },
  ],
  errorFields: [
    { field: "status", type: "string", required: true, about: /FAILURE/ },
    { field: "resultMessage", type: "string", required: true, about: /explanation/i },
  ],
  badRequestCauses: [
    ...CONNECTION_CAUSES,
    { label: "the project does not exist", about: /400,\s+not 404, when the project does not exist/i },
    { label: "the permission is missing", about: /lacks the CONNECTIONS \+ MANAGE\s+permission/i },
  ],
  overview: OVERVIEW,
  notes: NOTES,
  permission: "CONNECTIONS + MANAGE",
  curl: SAMPLE_CURL,
};
