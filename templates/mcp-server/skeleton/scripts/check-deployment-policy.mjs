#!/usr/bin/env node
/**
 * Asks the MCP platform's policy engine whether this deployment may ship, the same check the
 * Backstage template ran at creation. The tools are read from the built server, so the policy
 * sees the tools that really ship. Needs BACKSTAGE_URL and BACKSTAGE_TOKEN; run after the build.
 */
import fs from 'node:fs';

const { BACKSTAGE_URL, BACKSTAGE_TOKEN } = process.env;
if (!BACKSTAGE_URL || !BACKSTAGE_TOKEN) {
  console.error(
    'Set BACKSTAGE_URL and BACKSTAGE_TOKEN to check the deployment policies.',
  );
  process.exit(2);
}

const deployment = JSON.parse(
  fs.readFileSync(new URL('../mcp-deployment.json', import.meta.url), 'utf8'),
);
const { tools } = await import(
  new URL('../dist/src/tools/index.js', import.meta.url).href
);
deployment.tools = tools.map(tool => ({
  name: tool.name,
  readOnly: tool.annotations.readOnlyHint ?? false,
  // MCP's default: a tool that is not read-only is destructive unless it says otherwise.
  destructive:
    tool.annotations.destructiveHint ??
    !(tool.annotations.readOnlyHint ?? false),
}));

const response = await fetch(
  `${BACKSTAGE_URL.replace(/\/$/, '')}/api/mcp-policy/v1/deployments/evaluate`,
  {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${BACKSTAGE_TOKEN}`,
    },
    body: JSON.stringify({ deployment }),
  },
);
if (!response.ok) {
  console.error(
    `The policy engine answered ${response.status}: ${await response.text()}`,
  );
  process.exit(1);
}
const body = await response.json();
const decision = body.decision ?? body;
for (const warning of decision.warnings ?? [])
  console.warn(`warning  ${warning.rule}: ${warning.message}`);
for (const violation of decision.violations ?? [])
  console.error(`denied   ${violation.rule}: ${violation.message}`);
if (decision.result !== 'allow') process.exit(1);
console.log(
  `Deployment allowed (${decision.evaluatedRules ?? '?'} rules evaluated).`,
);
