import { readFile } from 'node:fs/promises';
import {
  DeploymentDecision,
  deploymentConfigSchema,
  PolicyLoadError,
} from '@mcp-platform/plugin-mcp-policy-common';
import { parse as parseYaml } from 'yaml';
import { compilePolicySet } from '../engine/compilePolicySet';
import { readPolicySources } from '../engine/PolicySetLoader';
import { runPolicyTests } from '../engine/runPolicyTests';

const USAGE = `Usage:
  mcp-policy test <file-or-dir>...      Run the McpPolicyTest documents against the McpPolicy
                                        documents found in the paths (exit 1 on any failure).
  mcp-policy check <file-or-dir>...     Load the policies: schema, type and cost checks.
  mcp-policy evaluate <deployment.yaml> Ask a running engine whether a deployment may go ahead
      --url <backstage-backend-url>     (exit 1 when denied). The token comes from
                                        MCP_POLICY_TOKEN (a static external-access token).`;

/**
 * Where the CLI writes; tests capture it.
 *
 * @public
 */
export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

function formatError(e: PolicyLoadError): string {
  const at = e.line
    ? `${e.source}:${e.line}${e.column ? `:${e.column}` : ''}`
    : e.source;
  return `${at}${e.rule ? ` [${e.rule}]` : ''} ${e.message}`;
}

/**
 * Runs the `mcp-policy` command line; returns the exit code.
 *
 * @public
 */
export async function runCli(
  args: string[],
  io: CliOutput = {
    out: line => process.stdout.write(`${line}\n`),
    err: line => process.stderr.write(`${line}\n`),
  },
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  const [command, ...rest] = args;
  if (command === 'test' || command === 'check') {
    if (rest.length === 0) {
      io.err(USAGE);
      return 2;
    }
    let sources;
    try {
      sources = await readPolicySources(rest);
    } catch (error) {
      io.err(String(error instanceof Error ? error.message : error));
      return 2;
    }
    if (command === 'check') {
      const { set, errors } = compilePolicySet(sources);
      for (const e of errors) io.err(formatError(e));
      if (!set) return 1;
      const rules = Object.values(set.rules).reduce((n, r) => n + r.length, 0);
      io.out(
        `OK: ${set.policies.length} policies, ${rules} rules (digest ${set.digest})`,
      );
      return 0;
    }
    const report = runPolicyTests(sources);
    for (const e of report.loadErrors) io.err(formatError(e));
    for (const r of report.results) {
      io.out(`${r.passed ? 'PASS' : 'FAIL'} ${r.name}`);
      for (const p of r.problems) io.out(`     ${p}`);
    }
    io.out(`${report.passed} passed, ${report.failed} failed`);
    return report.failed > 0 || report.loadErrors.length > 0 ? 1 : 0;
  }
  if (command === 'evaluate') {
    const urlIndex = rest.indexOf('--url');
    const url = urlIndex >= 0 ? rest[urlIndex + 1] : undefined;
    const file = rest.filter((_, i) => i !== urlIndex && i !== urlIndex + 1)[0];
    const token = env.MCP_POLICY_TOKEN;
    if (!url || !file || !token) {
      io.err(USAGE);
      if (!token) io.err('MCP_POLICY_TOKEN is not set');
      return 2;
    }
    const parsed = deploymentConfigSchema.safeParse(
      parseYaml(await readFile(file, 'utf8')),
    );
    if (!parsed.success) {
      for (const i of parsed.error.issues) {
        io.err(`${file}: ${i.path.join('.') || 'deployment'}: ${i.message}`);
      }
      return 2;
    }
    const response = await fetch(
      `${url.replace(/\/$/, '')}/api/mcp-policy/v1/deployments/evaluate`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
        },
        body: JSON.stringify({ deployment: parsed.data }),
      },
    );
    if (!response.ok) {
      io.err(
        `The policy engine answered ${
          response.status
        }: ${await response.text()}`,
      );
      return 2;
    }
    const decision = (await response.json()) as DeploymentDecision;
    for (const v of decision.violations)
      io.out(`DENY  ${v.rule}: ${v.error ?? v.message}`);
    for (const w of decision.warnings) io.out(`WARN  ${w.rule}: ${w.message}`);
    for (const a of decision.audits) io.out(`AUDIT ${a.rule}: ${a.message}`);
    io.out(
      `${decision.result === 'allow' ? 'ALLOWED' : 'DENIED'} (policy set ${
        decision.policySetDigest
      }, decision ${decision.decisionId ?? '-'})`,
    );
    return decision.result === 'allow' ? 0 : 1;
  }
  io.err(USAGE);
  return command === undefined || command === '--help' ? 0 : 2;
}
