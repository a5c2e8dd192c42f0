import { AST, RegExpParser } from '@eslint-community/regexpp';

/**
 * Why risk patterns must be bounded: JavaScript's RegExp backtracks. A pattern such as
 * `<system[^>]*>` tries every `<system` of a text and runs `[^>]*` to the text's end from each:
 * quadratic time, 10 s for 256 kB of `<system `. Nested or ambiguous repetition, `(a|a)*`, is
 * exponential. The risk scan runs on text that MCP servers write, so every pattern, built-in or
 * configured, must be linear by construction: the work of one match attempt, at one position,
 * bounded by a constant. Then a scan costs at most that constant per character.
 *
 * The bound is computed on the pattern's syntax tree: a pattern may only repeat with an upper
 * bound (`{0,200}`, `?`, never `*`, `+` or `{n,}`) and has no backreferences; the number of
 * ways an attempt can match (the paths a backtracking engine may try) is the product of its
 * parts, an alternation the sum of its branches, and `x{m,n}` the sum of (ways of x)^k for k
 * from m to n. That number must stay under a budget.
 */

/** The most match paths one attempt of a risk pattern may have. */
export const MAX_PATTERN_PATHS = 250_000;

const parser = new RegExpParser({ ecmaVersion: 2025 });

class UnboundedPattern extends Error {}

/**
 * Words in an alternation (`send|post|upload`): at one position, distinct words of one length
 * cannot both match, so at most one word per length lets the match go on; the others fail
 * within their few characters. Undefined when an alternative is not a plain word.
 */
function literalAlternatives(alternatives: AST.Alternative[]) {
  const words = new Set<string>();
  const lengths = new Set<number>();
  for (const a of alternatives) {
    if (!a.elements.every(e => e.type === 'Character')) return undefined;
    words.add(a.raw.toLowerCase());
    lengths.add(a.elements.length);
  }
  // Repeated words (case aside) match together.
  return lengths.size + (alternatives.length - words.size);
}

/** Paths of a node, capped just above the budget so products cannot overflow. */
/** What may follow a node: one list of elements per way out of it. */
type Continuations = AST.Element[][];

function pathsOf(
  node: AST.Node,
  cap: number,
  flags: string,
  after: Continuations = [],
): number {
  const bounded = (n: number) => Math.min(n, cap + 1);
  switch (node.type) {
    case 'Pattern':
    case 'Group':
    case 'CapturingGroup':
    case 'Assertion': {
      if (node.type === 'Assertion' && !('alternatives' in node)) return 1;
      const literals = literalAlternatives(
        (node as { alternatives: AST.Alternative[] }).alternatives,
      );
      if (literals) return literals;
      return bounded(
        (node as { alternatives: AST.Alternative[] }).alternatives.reduce(
          (sum, a) => sum + pathsOf(a, cap, flags, after),
          0,
        ),
      );
    }
    case 'Alternative': {
      let product = 1;
      node.elements.forEach((e, i) => {
        const rest = node.elements.slice(i + 1);
        const next: Continuations = after.length
          ? after.map(a => [...rest, ...a])
          : [rest];
        // Walked in any case: it throws on unbounded repetition and backreferences.
        const paths = pathsOf(e, cap, flags, next);
        product = bounded(product * (stopsAtNext(e, next, flags) ? 1 : paths));
      });
      return product;
    }
    case 'Quantifier': {
      if (!Number.isFinite(node.max)) {
        throw new UnboundedPattern(
          `"${node.raw}" repeats without an upper bound: write a bounded repetition such as {0,200}`,
        );
      }
      // After one repetition comes another, or what follows the repetition.
      const inner = pathsOf(node.element, cap, flags, [
        [node.element],
        ...after,
      ]);
      if (inner === 1) return bounded(node.max - node.min + 1);
      let sum = 0;
      for (let k = node.min; k <= node.max && sum <= cap; k++)
        sum += inner ** k;
      return bounded(sum);
    }
    case 'Backreference':
      throw new UnboundedPattern(
        `"${node.raw}" is a backreference, which can take quadratic time: match the text itself`,
      );
    default:
      // Characters, character sets and classes, boundaries: one step each.
      return 1;
  }
}

/** Code points the disjointness test tries: ASCII, Latin, punctuation, a few scripts. */
const SAMPLE = Array.from({ length: 0x3000 }, (_, i) =>
  String.fromCodePoint(i),
);

/** A test for the characters one element can start with, when it starts with one character. */
function firstCharacterTest(
  elements: AST.Element[],
  flags: string,
): ((c: string) => boolean) | undefined {
  for (let i = 0; i < elements.length; i++) {
    const e = elements[i];
    // Word boundaries and anchors consume nothing: look at what follows them.
    if (e.type === 'Assertion' && (e.kind === 'word' || e.kind === 'start'))
      continue;
    if (e.type === 'Quantifier' && e.min === 0 && e.max > 0) {
      // Either one more of it, or what follows it.
      const one = firstCharacterTest([e.element], flags);
      const skip = firstCharacterTest(elements.slice(i + 1), flags);
      return one && skip ? c => one(c) || skip(c) : undefined;
    }
    if (
      e.type === 'Character' ||
      e.type === 'CharacterSet' ||
      e.type === 'CharacterClass'
    ) {
      const single = new RegExp(`^(?:${e.raw})$`, flags.replace('g', ''));
      return c => single.test(c);
    }
    if (e.type === 'Quantifier' && e.min > 0)
      return firstCharacterTest([e.element], flags);
    if (e.type === 'Group' || e.type === 'CapturingGroup') {
      const tests: ((c: string) => boolean)[] = [];
      for (const a of e.alternatives) {
        const t = firstCharacterTest(a.elements, flags);
        if (!t) return undefined;
        tests.push(t);
      }
      return c => tests.some(t => t(c));
    }
    return undefined;
  }
  return undefined;
}

/**
 * A repeated character class followed by something that cannot start with one of its
 * characters (`\s{1,3}word`, `\S{1,40}\s`): of its lengths only the longest can go on, the
 * shorter ones fail at the next character. Such a repetition adds no paths. Disjointness is
 * tried on the first 12 288 code points, which hold every character the rules name.
 */
function stopsAtNext(
  element: AST.Element,
  continuations: Continuations,
  flags: string,
): boolean {
  if (element.type !== 'Quantifier') return false;
  const inner = element.element;
  if (
    inner.type !== 'CharacterSet' &&
    inner.type !== 'CharacterClass' &&
    inner.type !== 'Character'
  )
    return false;
  const tests = continuations.map(c => firstCharacterTest(c, flags));
  // The end of the pattern (an empty continuation) accepts any length: no reduction.
  if (!tests.length || tests.some(t => !t)) return false;
  const single = new RegExp(`^(?:${inner.raw})$`, flags.replace('g', ''));
  return !SAMPLE.some(c => single.test(c) && tests.some(t => t!(c)));
}

/**
 * What makes a pattern unfit for the risk scan (a syntax error, unbounded repetition, a
 * backreference, too many ways to match), or undefined when its match attempts are bounded.
 */
export function patternCostProblem(
  pattern: string,
  flags: string,
): string | undefined {
  let ast: AST.Pattern;
  try {
    ast = parser.parsePattern(pattern, 0, pattern.length, {
      unicode: flags.includes('u'),
      unicodeSets: flags.includes('v'),
    });
  } catch (error) {
    return (error as Error).message;
  }
  try {
    const paths = pathsOf(ast, MAX_PATTERN_PATHS, flags);
    if (paths > MAX_PATTERN_PATHS) {
      return `it can match in more than ${MAX_PATTERN_PATHS} ways at one position (nested or alternating repetition); use smaller bounds or fewer alternatives inside repetitions`;
    }
  } catch (error) {
    if (error instanceof UnboundedPattern) return error.message;
    throw error;
  }
  return undefined;
}

/** Paths of a valid, bounded pattern, for tests and the benchmark. */
export function patternPaths(pattern: string, flags: string): number {
  const ast = parser.parsePattern(pattern, 0, pattern.length, {
    unicode: flags.includes('u'),
    unicodeSets: flags.includes('v'),
  });
  return pathsOf(ast, Number.MAX_SAFE_INTEGER, flags);
}
