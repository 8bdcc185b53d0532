// The contract, one documented outcome per entry: what the client sends and what it relies on
// in the answer. The consumer tests record these; the guard tests replay them with a broken client.
import { MatchersV3, type PactV4 } from "@pact-foundation/pact";
import { type PathNames, STATES as states } from "../../src/rules/contract.js";
import { deletePath } from "./pact.js";

const { boolean, regex, string } = MatchersV3;

// The seed's own names, used only as examples: verification injects its fixtures' names.
export const example: PathNames = { projectName: "MyProject", connectionName: "my-email-connection" };
export const otherCase: PathNames = { ...example, connectionName: "My-Email-Connection" };

// Any bearer token: the verifier sends the real one. The example is no real-looking secret.
const bearer = { Authorization: regex(/^Bearer \S+$/, "Bearer EXAMPLE_TOKEN") };
// Servers may add a charset (Apinizer sends application/json;charset=UTF-8).
const json = { "Content-Type": regex(/^application\/json(\s*;.*)?$/, "application/json") };
// `success` is exact: the client reports a deletion only when the server says true.
const deleted = { success: true, deploymentResult: { success: boolean(true) } };

const deleteRequest = (pact: PactV4, names: PathNames, ...given: [string, PathNames?][]) => {
  let interaction = pact.addInteraction();
  for (const [state, params] of given) interaction = interaction.given(state, params as never);
  return (description: string) =>
    interaction
      .uponReceiving(description)
      .withRequest("DELETE", deletePath(names), (request) => request.headers(bearer));
};

export const interactions = {
  connectionExists: (pact: PactV4) =>
    deleteRequest(pact, example, [states.connectionExists, example])(
      "a request to delete an existing connection",
    ).willRespondWith(200, (response) => response.headers(json).jsonBody(deleted)),

  // Why: the client sends the name as the caller wrote it and relies on the server to match it
  // case-insensitively, as the documentation's notes promise, rather than lower-casing it itself.
  connectionExistsInOtherCase: (pact: PactV4) =>
    deleteRequest(pact, otherCase, [states.connectionExistsInOtherCase, otherCase])(
      "a request to delete an existing connection, named in another letter case",
    ).willRespondWith(200, (response) => response.headers(json).jsonBody(deleted)),

  connectionMissing: (pact: PactV4) =>
    deleteRequest(pact, example, [states.connectionMissing, example])(
      "a request to delete a connection that does not exist",
    ).willRespondWith(400, (response) =>
      response.headers(json).jsonBody({
        error: "bad_request",
        // The client tells "not found" from other 400s by these words; servers word the rest around the name.
        error_description: regex(/^.*not found.*$/, `Connection (name: ${example.connectionName}) was not found!`),
      }),
    ),

  tokenInvalid: (pact: PactV4) =>
    deleteRequest(
      pact,
      example,
      [states.connectionExists, example],
      [states.tokenInvalid],
    )("a request to delete a connection with an invalid token").willRespondWith(401, (response) =>
      response.headers(json).jsonBody({ error: "unauthorized_client", error_description: string("Invalid token") }),
    ),

  projectMissing: (pact: PactV4) =>
    deleteRequest(pact, example, [states.projectMissing, example])(
      "a request to delete a connection in a project that does not exist",
    ).willRespondWith(404, (response) =>
      response
        .headers(json)
        .jsonBody({ error: "not_found", error_description: string(`Project '${example.projectName}' not found`) }),
    ),
};
