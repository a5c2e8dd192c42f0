/**
 * MCP policy engine backend plugin.
 *
 * @packageDocumentation
 */
export { mcpPolicyPlugin as default } from './plugin';
export { runCli } from './cli/runCli';
export type { CliOutput } from './cli/runCli';
export { compilePolicySet } from './engine/compilePolicySet';
export type {
  CompiledExpression,
  CompiledPolicy,
  CompiledPolicySet,
  CompiledRule,
  CompileOptions,
  PolicySource,
} from './engine/compilePolicySet';
export type { GlobMatcher } from './engine/globPattern';
export {
  evaluateDeployment,
  evaluatePermission,
  evaluateToolCall,
} from './engine/evaluatePolicies';
export type { ContextFailures } from './engine/evaluatePolicies';
export { runPolicyTests } from './engine/runPolicyTests';
export type {
  PolicyTestReport,
  PolicyTestResult,
} from './engine/runPolicyTests';
