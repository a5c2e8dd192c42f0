import {
  DecisionLogEntry,
  DeploymentInput,
  DryRunChange,
  DryRunResponse,
  FiredRule,
  PermissionInput,
  ToolCallInput,
} from '@mcp-platform/plugin-mcp-policy-common';
import { CompiledPolicySet } from './compilePolicySet';
import { completePermissionInput } from './completeInput';
import {
  evaluateDeployment,
  evaluatePermission,
  evaluateToolCall,
} from './evaluatePolicies';

/** How many changed decisions a dry run lists; the counts cover all of them. */
export const MAX_LISTED_CHANGES = 200;

/**
 * Replays recorded decisions (their inputs include the context they were decided with) against
 * a candidate policy set: what would it have decided differently?
 */
export function replayDecisions(
  candidate: CompiledPolicySet,
  entries: DecisionLogEntry[],
  defaults: {
    toolCallDefault: 'allow' | 'deny';
    permissionDefault: 'allow' | 'deny';
  },
): DryRunResponse {
  const response: DryRunResponse = {
    candidateDigest: candidate.digest,
    replayed: 0,
    unchanged: 0,
    newlyDenied: 0,
    newlyAllowed: 0,
    changes: [],
  };
  for (const entry of entries) {
    let after: 'allow' | 'deny';
    let rules: FiredRule[];
    if (entry.kind === 'deployment') {
      const d = evaluateDeployment(
        candidate,
        entry.input as unknown as DeploymentInput,
      );
      after = d.result;
      rules = [...d.violations, ...d.warnings, ...d.audits];
    } else {
      // Inputs logged before a fact existed lack it: replayed as the facts of nothing.
      const d =
        entry.kind === 'tool-call'
          ? evaluateToolCall(
              candidate,
              withServerDefaults(entry.input as unknown as ToolCallInput),
              {
                defaultResult: defaults.toolCallDefault,
              },
            )
          : evaluatePermission(
              candidate,
              completePermissionInput(
                entry.input as unknown as Partial<PermissionInput>,
              ),
              { defaultResult: defaults.permissionDefault },
            );
      after = d.result;
      rules = d.rules;
    }
    response.replayed++;
    if (after === entry.result) {
      response.unchanged++;
      continue;
    }
    if (after === 'deny') response.newlyDenied++;
    else response.newlyAllowed++;
    const change: DryRunChange = {
      decisionId: entry.id,
      decidedAt: entry.decidedAt,
      kind: entry.kind,
      subject: entry.subject,
      before: entry.result,
      after,
      rules,
    };
    if (response.changes.length < MAX_LISTED_CHANGES) {
      response.changes.push(change);
    }
  }
  return response;
}

function withServerDefaults(input: ToolCallInput): ToolCallInput {
  if (Array.isArray(input.server?.ownerAncestors)) return input;
  return { ...input, server: { ...input.server, ownerAncestors: [] } };
}
