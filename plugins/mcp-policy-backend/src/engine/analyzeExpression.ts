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
   * Worst-case steps: every node counts 1, times {@link MAX_ITERATIONS} for each comprehension
   * around it. Like Kubernetes' CEL cost estimate, with the bound coming from input limits.
   */
  cost: number;
  /** `context.<name>` keys used outside a `has()` test: the rule cannot decide without them. */
  requiredContext: string[];
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

/** Walks an expression's AST once for its cost and the context it needs. */
export function analyzeExpression(ast: unknown): ExpressionAnalysis {
  let cost = 0;
  const required = new Set<string>();

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
  return { cost, requiredContext: [...required].sort() };
}
