// TEMPORARY: writes a development pact of the contract's shape into build/dev-pacts/ until the
// lead's consumer tests commit contracts/. Not a fixture of the tests once contracts/ exists.
//   node test/verify/support/dev-pact.mjs
import { rmSync } from "node:fs";
import { PactV4, MatchersV3 as M } from "@pact-foundation/pact";

const dir = new URL("../../../build/dev-pacts/", import.meta.url).pathname;
rmSync(dir, { recursive: true, force: true });
process.env.PACT_DO_NOT_TRACK = "true";

const states = {
  connectionExists: "connection {connectionName} exists in project {projectName}",
  connectionExistsInOtherCase:
    "connection {connectionName} exists in project {projectName} under a name that differs only in letter case",
  connectionMissing: "connection {connectionName} does not exist in project {projectName}",
  projectMissing: "project {projectName} does not exist",
  tokenInvalid: "the request carries an invalid token",
};
const names = { projectName: "MyProject", connectionName: "my-email-connection" };
const path = M.fromProviderState(
  "/apiops/projects/${projectName}/connections/${connectionName}/",
  "/apiops/projects/MyProject/connections/my-email-connection/",
);
const json = { "Content-Type": M.regex("^application/json.*$", "application/json") };
const auth = (b) => b.headers({ Authorization: M.regex("^Bearer \\S+$", "Bearer fake-placeholder-token") });
const ok = (b) => b.headers(json).jsonBody({ success: true, deploymentResult: { success: M.boolean(true) } });

const pact = new PactV4({ consumer: "apinizer-connections", provider: "apinizer-management-api", dir, logLevel: "warn" });
const call = (ms) =>
  fetch(`${ms.url}/apiops/projects/MyProject/connections/my-email-connection/`, {
    method: "DELETE",
    headers: { Authorization: "Bearer fake-placeholder-token" },
  }).then((r) => r.text());

await pact.addInteraction().given(states.connectionExists, names).uponReceiving("a request to delete an existing connection")
  .withRequest("DELETE", path, auth).willRespondWith(200, ok).executeTest(call);
await pact.addInteraction().given(states.connectionMissing, names).uponReceiving("a request to delete a connection that does not exist")
  .withRequest("DELETE", path, auth).willRespondWith(400, (b) => b.headers(json).jsonBody({
    error: "bad_request",
    error_description: M.regex(".*not found.*", "Connection (name: my-email-connection) was not found!"),
  })).executeTest(call);
await pact.addInteraction().given(states.connectionExists, names).given(states.tokenInvalid)
  .uponReceiving("a request to delete a connection with an invalid token")
  .withRequest("DELETE", path, auth).willRespondWith(401, (b) => b.headers(json).jsonBody({
    error: "unauthorized_client", error_description: M.string("Invalid token"),
  })).executeTest(call);
await pact.addInteraction().given(states.projectMissing, names).uponReceiving("a request to delete a connection in a project that does not exist")
  .withRequest("DELETE", path, auth).willRespondWith(404, (b) => b.headers(json).jsonBody({
    error: "not_found", error_description: M.string("Project 'MyProject' not found"),
  })).executeTest(call);
await pact.addInteraction().given(states.connectionExistsInOtherCase, names)
  .uponReceiving("a request to delete a connection by a name in another letter case")
  .withRequest("DELETE", path, auth).willRespondWith(200, ok).executeTest(call);
console.log(`dev pact written to ${dir}`);
