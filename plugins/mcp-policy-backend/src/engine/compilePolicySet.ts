import { createHash } from 'node:crypto';
import { Environment } from '@marcbachmann/cel-js';
import {
  PolicyDocument,
  PolicyEffect,
  PolicyLoadError,
  PolicyRule,
  PolicyTarget,
  POLICY_TARGETS,
  policyDocumentSchema,
} from '@mcp-platform/plugin-mcp-policy-common';
import { LineCounter, Node, parseAllDocuments } from 'yaml';
import { analyzeExpression } from './analyzeExpression';
import { compileFastExpression, withFastPath } from './celClosures';
import { compileGlob, GlobMatcher, globProblem } from './globPattern';
import { useLinearMatches } from './linearRegex';
import {
  createCheckEnvironment,
  createEvaluationEnvironment,
  evaluationVariables,
} from './celEnvironments';

/**
 * A policy file's text and where it came from (shown in errors).
 *
 * @public
 */
export interface PolicySource {
  source: string;
  content: string;
}

/**
 * A compiled CEL expression: call it with an activation.
 *
 * @public
 */
export type CompiledExpression = (
  activation: Record<string, unknown>,
) => unknown;

/**
 * A rule ready to evaluate.
 *
 * @public
 */
export interface CompiledRule {
  /** `<policy>/<rule>`. */
  id: string;
  policy: string;
  source: string;
  target: PolicyTarget;
  effect: PolicyEffect;
  message: string;
  definition: PolicyRule;
  /** Context providers that must have answered for the rule to decide. */
  requires: string[];
  matchers: {
    environments?: GlobMatcher[];
    changes?: string[];
    servers?: GlobMatcher[];
    tools?: GlobMatcher[];
    permissions?: GlobMatcher[];
  };
  condition: CompiledExpression;
  messageExpression?: CompiledExpression;
}

/**
 * A loaded policy document.
 *
 * @public
 */
export interface CompiledPolicy {
  name: string;
  description?: string;
  source: string;
}

/**
 * A validated, compiled set of policy documents. Immutable: reloads build a new one.
 *
 * @public
 */
export interface CompiledPolicySet {
  digest: string;
  policies: CompiledPolicy[];
  rules: Record<PolicyTarget, CompiledRule[]>;
}

/**
 * Options of {@link compilePolicySet}.
 *
 * @public
 */
export interface CompileOptions {
  /** Upper bound of an expression's estimated cost; see `analyzeExpression`. */
  maxExpressionCost?: number;
  /** Policies to leave out: a dry run replaces active policies with candidate versions. */
  exclude?: (source: PolicySource, policyName: string) => boolean;
}

/** Default {@link CompileOptions.maxExpressionCost}: one comprehension over a capped list. */
export const DEFAULT_MAX_EXPRESSION_COST = 1_000_000;

interface Environments {
  check: Environment;
  evaluate: Environment;
  /** The evaluation environment's variables: all maps. */
  variables: Record<string, 'map'>;
}

/** The `match` filters that take globs. */
const GLOB_KEYS = ['environments', 'servers', 'tools', 'permissions'] as const;

function firstLine(message: string): string {
  return message.split('\n')[0].trim();
}

/** The CEL error with its caret snippet, indented under the first line. */
function celErrorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\n\s*\n/g, '\n').trimEnd();
}

/**
 * Parses, schema-checks, type-checks and compiles policy documents. Any error rejects the whole
 * candidate set, so a half-loaded set never decides anything; errors carry file, line and rule.
 *
 * @public
 */
export function compilePolicySet(
  sources: PolicySource[],
  options: CompileOptions = {},
): { set?: CompiledPolicySet; errors: PolicyLoadError[] } {
  const maxCost = options.maxExpressionCost ?? DEFAULT_MAX_EXPRESSION_COST;
  const errors: PolicyLoadError[] = [];
  const envs = Object.fromEntries(
    POLICY_TARGETS.map(t => [
      t,
      {
        check: createCheckEnvironment(t),
        evaluate: createEvaluationEnvironment(t),
        variables: evaluationVariables(t),
      },
    ]),
  ) as Record<PolicyTarget, Environments>;
  const policies: CompiledPolicy[] = [];
  const rules: Record<PolicyTarget, CompiledRule[]> = {
    deployment: [],
    'tool-call': [],
    permission: [],
  };
  const names = new Map<string, string>();

  for (const policySource of sources) {
    const { source, content } = policySource;
    const lineCounter = new LineCounter();
    const docs = parseAllDocuments(content, {
      lineCounter,
      prettyErrors: false,
      merge: true,
    });
    const position = (node: Node | null | undefined) => {
      if (!node?.range) return {};
      const { line, col } = lineCounter.linePos(node.range[0]);
      return { line, column: col };
    };
    if (!Array.isArray(docs)) {
      continue; // an empty file
    }
    for (const doc of docs) {
      if (doc.errors.length > 0) {
        for (const e of doc.errors) {
          const { line, col } = lineCounter.linePos(e.pos[0]);
          errors.push({
            source,
            line,
            column: col,
            message: `Malformed YAML: ${firstLine(e.message)}`,
          });
        }
        continue;
      }
      if (doc.contents === null) continue;
      // Test documents may live beside the policies they test.
      if (doc.get('kind') === 'McpPolicyTest') continue;
      if (
        options.exclude?.(policySource, String(doc.getIn(['metadata', 'name'])))
      ) {
        continue;
      }
      const nodeAt = (path: readonly PropertyKey[]): Node | undefined => {
        for (let n = path.length; n >= 0; n--) {
          const node = doc.getIn(path.slice(0, n) as unknown[], true);
          if (node && (node as Node).range) return node as Node;
        }
        return undefined;
      };
      const parsed = policyDocumentSchema.safeParse(doc.toJS());
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const path = issue.path.map(p =>
            typeof p === 'symbol' ? String(p) : p,
          );
          // Point at the unknown key itself, not at the object holding it.
          if (issue.code === 'unrecognized_keys') path.push(issue.keys[0]);
          errors.push({
            source,
            ...position(nodeAt(path)),
            rule: ruleIdAt(doc.toJS(), path),
            message: `${path.join('.') || '(document)'}: ${issue.message}`,
          });
        }
        continue;
      }
      const policy: PolicyDocument = parsed.data;
      const previous = names.get(policy.metadata.name);
      if (previous) {
        errors.push({
          source,
          ...position(nodeAt(['metadata', 'name'])),
          message: `policy "${policy.metadata.name}" is already defined in ${previous}; policy names must be unique`,
        });
        continue;
      }
      names.set(policy.metadata.name, source);
      policies.push({
        name: policy.metadata.name,
        description: policy.metadata.description,
        source,
      });
      policy.spec.rules.forEach((rule, index) => {
        const id = `${policy.metadata.name}/${rule.name}`;
        const env = envs[rule.target];
        const compile = (
          field: 'condition' | 'messageExpression',
          expected: string,
        ): { fn?: CompiledExpression; requires: string[] } => {
          const expression = rule[field]!;
          const at = position(nodeAt(['spec', 'rules', index, field]));
          try {
            const checked = env.check.check(expression);
            if (!checked.valid) {
              throw (
                checked.error ?? new Error('expression does not type-check')
              );
            }
            if (checked.type !== expected && checked.type !== 'dyn') {
              throw new Error(
                `${field} must give a ${expected}, but gives ${checked.type}`,
              );
            }
            const parsedExpr = env.evaluate.parse(expression);
            const analysis = analyzeExpression(parsedExpr.ast);
            if (analysis.problems.length > 0) {
              throw new Error(analysis.problems.join('; '));
            }
            if (analysis.cost > maxCost) {
              throw new Error(
                `estimated cost ${analysis.cost} exceeds the limit of ${maxCost}: nested comprehensions (all/exists/map/filter inside another) over inputs are too expensive; flatten the expression`,
              );
            }
            useLinearMatches(parsedExpr.ast);
            // Closures where the expression allows, cel-js for the rest (see celClosures). They
            // keep values taken from the AST, not its nodes, which cel-js annotates when it runs.
            const fast = compileFastExpression(parsedExpr.ast, env.variables);
            return {
              fn: withFastPath(
                fast,
                parsedExpr as unknown as CompiledExpression,
              ),
              requires: analysis.requiredContext,
            };
          } catch (error) {
            errors.push({
              source,
              ...at,
              rule: id,
              message: `${field}: ${celErrorText(error)}`,
            });
            return { requires: [] };
          }
        };
        const condition = compile('condition', 'bool');
        const messageExpression = rule.messageExpression
          ? compile('messageExpression', 'string')
          : undefined;
        const m = rule.match ?? {};
        const globErrors = GLOB_KEYS.flatMap(key =>
          (m[key] ?? []).flatMap((glob, i) => {
            const problem = globProblem(glob);
            if (!problem) return [];
            return [
              {
                source,
                ...position(nodeAt(['spec', 'rules', index, 'match', key, i])),
                rule: id,
                message: `match.${key}: ${problem}`,
              },
            ];
          }),
        );
        errors.push(...globErrors);
        const badGlob = globErrors.length > 0;
        if (
          badGlob ||
          !condition.fn ||
          (messageExpression && !messageExpression.fn)
        ) {
          return;
        }
        rules[rule.target].push({
          id,
          policy: policy.metadata.name,
          source,
          target: rule.target,
          effect: rule.effect,
          message: rule.message,
          definition: rule,
          requires: [
            ...new Set([
              ...(rule.requires ?? []),
              ...condition.requires,
              ...(messageExpression?.requires ?? []),
            ]),
          ].sort(),
          matchers: {
            environments: m.environments?.map(compileGlob),
            changes: m.changes,
            servers: m.servers?.map(compileGlob),
            tools: m.tools?.map(compileGlob),
            permissions: m.permissions?.map(compileGlob),
          },
          condition: condition.fn,
          messageExpression: messageExpression?.fn,
        });
      });
    }
  }
  if (errors.length > 0) return { errors };
  // Access decisions stop early once a deny fires, so deny rules go first (stable otherwise).
  for (const target of ['tool-call', 'permission'] as const) {
    rules[target] = [
      ...rules[target].filter(r => r.effect === 'deny'),
      ...rules[target].filter(r => r.effect !== 'deny'),
    ];
  }
  const hash = createHash('sha256');
  for (const { source, content } of [...sources].sort((a, b) =>
    a.source.localeCompare(b.source),
  )) {
    hash.update(source).update('\0').update(content).update('\0');
  }
  return {
    set: { digest: hash.digest('hex').slice(0, 16), policies, rules },
    errors,
  };
}

function ruleIdAt(
  doc: unknown,
  path: readonly PropertyKey[],
): string | undefined {
  if (
    path[0] !== 'spec' ||
    path[1] !== 'rules' ||
    typeof path[2] !== 'number'
  ) {
    return undefined;
  }
  const d = doc as {
    metadata?: { name?: unknown };
    spec?: { rules?: { name?: unknown }[] };
  };
  const rule = d?.spec?.rules?.[path[2]];
  const policy = typeof d?.metadata?.name === 'string' ? d.metadata.name : '?';
  return `${policy}/${
    typeof rule?.name === 'string' ? rule.name : `#${path[2] + 1}`
  }`;
}
