import { DeploymentConfig } from '@mcp-platform/plugin-mcp-policy-common';

/** What the playground starts with: a production server with every field the rules look at. */
export const sampleDeployment: DeploymentConfig = {
  name: 'payments-ledger',
  owner: 'group:default/payments',
  environment: 'production',
  change: 'update',
  version: '1.5.0',
  dataClassification: 'confidential',
  transport: 'streamable-http',
  replicas: 2,
  cpu: 0.5,
  memoryMiB: 512,
  rateLimit: { requestsPerMinute: 600 },
  egress: [
    { host: 'ledger-api.payments.svc', kind: 'http' },
    { host: 'ledger-db.payments.svc', port: 5432, kind: 'database' },
  ],
};
