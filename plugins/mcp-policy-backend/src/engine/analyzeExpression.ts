import safeRegex from 'safe-regex2';

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
  /** Why the expression may not be loaded, if anything (today: unsafe `matches()` patterns). */
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
 * What is wrong with a `matches()` pattern, if anything. cel-js runs patterns on JavaScript's
 * backtracking RegExp, where a pattern like `(a+)+$` takes exponential time on a crafted input:
 * a denial of service through any field a caller controls. So a pattern must be a literal,
 * checked here at load: it must compile, and pass safe-regex2's star-height check (nested
 * quantifiers), which catches the common catastrophic shapes. CEL specifies RE2 syntax; RE2
 * patterns without nested quantifiers behave the same on JavaScript's engine.
 */
function patternProblem(pattern: unknown): string | undefined {
  if (!isNode(pattern) || pattern.op !== 'value') {
    return 'matches() needs a string literal as its pattern, so the pattern can be checked at load; a pattern from the input could take exponential time';
  }
  const text = pattern.args;
  if (typeof text !== 'string') return 'matches() needs a string pattern';
  try {
    // eslint-disable-next-line no-new
    new RegExp(text);
  } catch (error) {
    return `matches() pattern ${JSON.stringify(
      text,
    )} is not a valid regular expression: ${(error as Error).message}`;
  }
  if (!safeRegex(text)) {
    return `matches() pattern ${JSON.stringify(
      text,
    )} has nested quantifiers (like (a+)+), which can take exponential time on a crafted input; rewrite it without a quantifier around a quantified group`;
  }
  return undefined;
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
      const problem = patternProblem((args[2] as unknown[])?.[0]);
      if (problem) problems.push(problem);
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
