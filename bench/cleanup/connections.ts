// Realistic connection objects for the large-project measurements (bench/cleanup) and tests
// (test/verify/server/large-list.test.ts): as Apinizer's List Connections answers them, dozens of
// fields each, secrets null, of the types its List page names. About 1.1 KiB of JSON each.

const TYPES = ["database", "kafka", "elasticsearch", "rabbitMq", "ldap", "webhook"] as const;

/** The `i`th of a project's ordinary connections: never a fixture of this tool. */
export function realisticConnection(i: number): Record<string, unknown> {
  const type = TYPES[i % TYPES.length] as string;
  return {
    type,
    name: `team-${type.toLowerCase()}-${String(i).padStart(6, "0")}`,
    description: `Connection ${i} of the payments platform (${type}), owned by team ${i % 37}; rotated quarterly.`,
    deployToWorker: i % 3 !== 0,
    enabled: true,
    host: `${type.toLowerCase()}-${i % 97}.internal.example.com`,
    port: 1024 + (i % 50_000),
    username: `svc_${type.toLowerCase()}_${i % 113}`,
    password: null,
    apiKey: null,
    connectionTimeout: 30_000,
    readTimeout: 60_000,
    maxPoolSize: 20 + (i % 30),
    minIdle: 2,
    validationQuery: "SELECT 1",
    sslEnabled: i % 2 === 0,
    trustStoreName: i % 2 === 0 ? `truststore-${i % 11}` : null,
    keyStoreName: null,
    topicName: `events.payments.${i % 211}`,
    clientId: `client-${i}`,
    groupId: `group-${i % 17}`,
    compressionType: "lz4",
    retryCount: 3,
    retryBackoffMs: 500,
    tags: ["payments", `team-${i % 37}`, type],
    additionalProperties: [
      { key: "region", value: ["eu-west-1", "eu-central-1", "us-east-1"][i % 3] },
      { key: "costCenter", value: `cc-${1000 + (i % 400)}` },
    ],
    createdBy: `user${i % 500}@example.com`,
    createdDate: new Date(Date.UTC(2025, i % 12, 1 + (i % 28))).toISOString(),
    lastModifiedBy: `user${(i * 7) % 500}@example.com`,
    lastModifiedDate: new Date(Date.UTC(2026, i % 12, 1 + (i % 28))).toISOString(),
    version: 1 + (i % 9),
  };
}
