// The seed page (Delete Connection as documented in 2025-12): the `success` envelope. Every fact
// of it is here, in this project's words; the spec must carry each (test/spec/facts.test.ts).
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

export const SEED_FACTS: PageFacts = {
  page: "the seed page (success envelope, 2025-12)",
  envelope: "success",
  method: "delete",
  path: ENDPOINT,
  auth: SAMPLE_AUTH,
  pathParameters: PATH_PARAMETERS,
  noQueryNoBody: true,
  statuses: {
    200: [{ success: true, deploymentResult: { success: true } }],
    400: [{ error: "bad_request", error_description: "Connection (name: my-email-connection) was not found!" }],
    401: [{ error: "unauthorized_client", error_description: "Invalid token" }],
    404: [{ error: "not_found", error_description: "Project 'MyProject' not found" }],
  },
  successFields: [
    { field: "success", type: "boolean", required: true, about: /whether the server carried out the request/i },
    { field: "deploymentResult", type: "object", required: true, about: /workers/i },
    { field: "deploymentResult.success", type: "boolean", required: true, about: /workers succeeded/i },
  ],
  // The page shows the error fields in its examples only; every error example carries both.
  errorFields: [
    { field: "error", type: "string", required: true, about: /code/i },
    { field: "error_description", type: "string", required: true, about: /explanation/i },
  ],
  badRequestCauses: CONNECTION_CAUSES,
  overview: OVERVIEW,
  notes: NOTES,
  curl: SAMPLE_CURL,
};
