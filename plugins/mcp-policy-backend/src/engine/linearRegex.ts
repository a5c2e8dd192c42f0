/**
 * `matches()` on RE2, a regular expression engine whose matching time is linear in the input.
 *
 * cel-js runs `string.matches` on JavaScript's backtracking RegExp, where a pattern like
 * `^(a|a)*$` takes exponential time on `"aaaa…!"`: one decision of 23 s was reproduced. Checking
 * patterns for such shapes is a heuristic that misses some; an engine without backtracking makes
 * them impossible. CEL specifies RE2 syntax anyway, so RE2 is also the more faithful engine.
 *
 * cel-js does not let an environment replace a built-in function, so at load every
 * `x.matches("literal")` in the parsed expression is renamed to {@link LINEAR_MATCHES}, which
 * only the evaluation environment declares (the type checker still sees the standard
 * `matches`, so authors write plain CEL).
 */
import { RE2JS } from 're2js';

/** The evaluation environment's name for `matches`, bound to RE2. Not visible to authors. */
export const LINEAR_MATCHES = 'matchesRE2';

/**
 * Largest compiled pattern, in RE2 instructions. RE2's worst case per input character is
 * proportional to the program size; real patterns need tens to a few hundred instructions.
 */
export const MAX_PATTERN_PROGRAM_SIZE = 2000;

/** A pattern checked at load: the compiled program, or why it may not be used. */
export type CheckedPattern =
  | { regex: RE2JS; programSize: number }
  | { problem: string };

/** Compiles a `matches()` pattern with RE2 and checks its size. */
export function checkPattern(pattern: string): CheckedPattern {
  let regex: RE2JS;
  try {
    regex = RE2JS.compile(pattern);
  } catch (error) {
    const reason = (error as Error).message.replace(
      /^error parsing regexp: /,
      '',
    );
    return {
      problem: `matches() pattern ${JSON.stringify(
        pattern,
      )} is not a valid RE2 regular expression (${reason}); CEL patterns use RE2 syntax, which has no backreferences or lookaround`,
    };
  }
  const programSize = regex.programSize();
  if (programSize > MAX_PATTERN_PROGRAM_SIZE) {
    return {
      problem: `matches() pattern ${JSON.stringify(
        pattern,
      )} compiles to ${programSize} RE2 instructions, more than ${MAX_PATTERN_PROGRAM_SIZE}; shorten it (large counted repetitions like {500} are the usual cause)`,
    };
  }
  return { regex, programSize };
}

/**
 * The implementation of {@link LINEAR_MATCHES}: a search (not anchored), like CEL's `matches`.
 * Compiled programs are kept per environment, so a policy set's patterns compile once.
 */
export function createLinearMatches(): (
  input: string,
  pattern: string,
) => boolean {
  const compiled = new Map<string, RE2JS>();
  return (input, pattern) => {
    let regex = compiled.get(pattern);
    if (!regex) {
      const checked = checkPattern(pattern);
      if ('problem' in checked) throw new Error(checked.problem);
      regex = checked.regex;
      compiled.set(pattern, regex);
    }
    return regex.test(input);
  };
}

interface AstNode {
  op: string;
  args: unknown;
}

function isNode(value: unknown): value is AstNode {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AstNode).op === 'string'
  );
}

/**
 * Points every `matches()` call of a parsed expression at RE2 ({@link LINEAR_MATCHES}). Call it
 * on an AST that has not been evaluated yet: cel-js resolves function names on first evaluation.
 */
export function useLinearMatches(ast: unknown): void {
  const visit = (value: unknown) => {
    if (Array.isArray(value)) {
      for (const v of value) visit(v);
      return;
    }
    if (!isNode(value) || !Array.isArray(value.args)) return;
    if (value.op === 'rcall' && value.args[0] === 'matches') {
      value.args[0] = LINEAR_MATCHES;
    }
    visit(value.args);
  };
  visit(ast);
}
