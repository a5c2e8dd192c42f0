/** Seeded randomness and weighted choices, shared by the live traffic and the generated history. */

/** A deterministic pseudo-random generator (mulberry32), so generated history is repeatable. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One of `items`, at random. */
export const pick = <T>(random: () => number, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)];

/** One of `items`, chosen with probability proportional to its weight. */
export function weightedBy<T>(
  random: () => number,
  items: T[],
  weightOf: (item: T) => number,
): T | undefined {
  const total = items.reduce((s, c) => s + weightOf(c), 0);
  let x = random() * total;
  for (const c of items) {
    x -= weightOf(c);
    if (x <= 0) return c;
  }
  return items[items.length - 1];
}

/** A number between `min` and `max`, at random. */
export const between = (random: () => number, [min, max]: [number, number]) =>
  min + random() * (max - min);
