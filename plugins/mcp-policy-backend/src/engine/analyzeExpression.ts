import { checkPattern } from './linearRegex';

/** A node of cel-js' AST: an operator and its arguments. */
interface AstNode {
  op: string;
  args: unknown;
}

/** Macros that iterate over a list or map. */
const COMPREHENSIONS = new Set([
  'all',
  'exists',
  'exists_one',
  'map',
  'filter',
  'transformList',
  'transformMap',
  'sortBy',
]);

/** Inputs (and context lists) are capped at this many items, so a comprehension runs at most this often. */
export const MAX_ITERATIONS = 1000;

/** What the engine learns about an expression before running it. */
export interface ExpressionAnalysis {
  /**
   * Worst-case steps: every node counts 1 and a `matches()` call its RE2 program size, times
   * {@link MAX_ITERATIONS} for each comprehension around it. Like Kubernetes' CEL cost estimate,
   * with the bound coming from input limits.
   */
  cost: number;
  /** `context.<name>` keys used outside a `has()` test: the rule cannot decide without them. */
  requiredContext: string[];
  /** Why the expression may not be loaded, if anything (today: bad `matches()` patterns). */
  problems: string[];
}

function isNode(value: unknown): value is AstNode {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AstNode).op === 'string'
  );
}

function contextKey(node: AstNode): string | undefined {
  const args = node.args as unknown[];
  if (!Array.isArray(args) || !isNode(args[0])) return undefined;
  const base = args[0];
  if (base.op !== 'id' || base.args !== 'context') return undefined;
  if (node.op === '.' && typeof args[1] === 'string') return args[1];
  if (
    node.op === '[]' &&
    isNode(args[1]) &&
    args[1].op === 'value' &&
    typeof args[1].args === 'string'
  ) {
    return args[1].args;
  }
  return undefined;
}

/**
 * Checks a `matches()` pattern at load. It must be a string literal, so that it is known before
 * any input arrives, and compile on RE2 within the program size limit (see `linearRegex`):
 * matching then takes time linear in the input whatever the pattern, and the program size is
 * the work per input character, which the cost estimate counts.
 */
function checkMatchesPattern(
  pattern: unknown,
): { programSize: number } | { problem: string } {
  if (!isNode(pattern) || pattern.op !== 'value') {
    return {
      problem:
        'matches() needs a string literal as its pattern, so the pattern can be checked at load',
    };
  }
  if (typeof pattern.args !== 'string') {
    return { problem: 'matches() needs a string pattern' };
  }
  return checkPattern(pattern.args);
}

/** Walks an expression's AST once for its cost and the context it needs. */
export function analyzeExpression(ast: unknown): ExpressionAnalysis {
  let cost = 0;
  const required = new Set<string>();
  const problems: string[] = [];

  const visit = (value: unknown, multiplier: number, inHas: boolean) => {
    if (Array.isArray(value)) {
      for (const v of value) visit(v, multiplier, inHas);
      return;
    }
    if (!isNode(value)) return;
    cost += multiplier;
    const key = contextKey(value);
    if (key !== undefined && !inHas) required.add(key);
    const args = value.args;
    if (!Array.isArray(args)) return;
    if (value.op === 'rcall' && args[0] === 'matches') {
      const checked = checkMatchesPattern((args[2] as unknown[])?.[0]);
      if ('problem' in checked) problems.push(checked.problem);
      else cost += multiplier * checked.programSize;
    }
    if (value.op === 'call' && args[0] === 'has') {
      visit(args.slice(1), multiplier, true);
      return;
    }
    if (value.op === 'rcall' && COMPREHENSIONS.has(args[0] as string)) {
      visit(args[1], multiplier, false);
      visit(args.slice(2), multiplier * MAX_ITERATIONS, false);
      return;
    }
    visit(args, multiplier, false);
  };
  visit(ast, 1, false);
  return { cost, requiredContext: [...required].sort(), problems };
}
