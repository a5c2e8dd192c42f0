import { PolicyLoadError } from '@mcp-platform/plugin-mcp-policy-common';
import {
  CompiledPolicySet,
  CompileOptions,
  compilePolicySet,
  PolicySource,
} from './compilePolicySet';

/**
 * Compiles the policies a dry run evaluates. With `replace`, the candidates are the whole set;
 * otherwise they change the active set: they add policies, or replace the active policies of the
 * same name.
 */
export function compileCandidateSet(
  request: {
    candidates: PolicySource[];
    active: PolicySource[];
    replace: boolean;
  },
  options: CompileOptions = {},
): { set?: CompiledPolicySet; errors: PolicyLoadError[] } {
  const { candidates, active, replace } = request;
  const alone = compilePolicySet(candidates, options);
  if (!alone.set || replace) return alone;
  const activeSources = new Set(active);
  const replaced = new Set(alone.set.policies.map(p => p.name));
  return compilePolicySet([...active, ...candidates], {
    ...options,
    exclude: (source, name) => activeSources.has(source) && replaced.has(name),
  });
}
