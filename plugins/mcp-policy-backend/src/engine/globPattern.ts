/**
 * The globs of a rule's `match` filters (`api:default/payments-*`, `delete_*`), where `*` stands
 * for any run of characters and everything else is literal.
 *
 * They used to become JavaScript regular expressions (`^.*a.*b$`), which backtrack: a glob with
 * many stars against a long name took polynomial time of high degree. A `*`-only glob needs no
 * backtracking at all: the literal parts must appear in order, the first at the start and the
 * last at the end, and taking each middle part at its first occurrence is never wrong. So
 * matching is a few `startsWith`/`indexOf` calls, at most (name length × glob length) steps.
 */

/**
 * A compiled glob.
 *
 * @public
 */
export type GlobMatcher = (value: string) => boolean;

/** Most `*` (runs count once) in one glob; real filters need one or two. */
export const MAX_GLOB_WILDCARDS = 10;

/** Why a glob may not be loaded, if anything. */
export function globProblem(glob: string): string | undefined {
  const wildcards = glob.match(/\*+/g)?.length ?? 0;
  if (wildcards > MAX_GLOB_WILDCARDS) {
    return `glob ${JSON.stringify(
      glob,
    )} has ${wildcards} wildcards, more than ${MAX_GLOB_WILDCARDS}; list the names, or use a condition`;
  }
  return undefined;
}

/** Compiles a glob into a matcher that never backtracks. */
export function compileGlob(glob: string): GlobMatcher {
  const parts = glob.split(/\*+/);
  if (parts.length === 1) return value => value === glob;
  const first = parts[0];
  const last = parts[parts.length - 1];
  const middle = parts.slice(1, -1).filter(p => p.length > 0);
  const fixedLength =
    first.length + last.length + middle.reduce((n, p) => n + p.length, 0);
  return value => {
    if (
      value.length < fixedLength ||
      !value.startsWith(first) ||
      !value.endsWith(last)
    ) {
      return false;
    }
    const end = value.length - last.length;
    let at = first.length;
    for (const part of middle) {
      const found = value.indexOf(part, at);
      if (found < 0 || found + part.length > end) return false;
      at = found + part.length;
    }
    return true;
  };
}
