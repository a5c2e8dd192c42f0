/**
 * A size or count from the environment (benchmarks read theirs from `MCP_BENCH_*`, for a quick
 * look at a smaller scale): a positive integer, or `fallback` when unset or anything else.
 */
export function envInt(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

/**
 * A small seeded pseudo-random generator (mulberry32) returning numbers in [0, 1): every run,
 * and every process of a run, generates the same data from the same seed.
 */
export function seededRandom(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
