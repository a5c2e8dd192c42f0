import { envInt, seededRandom } from './settings';

describe('envInt', () => {
  const name = 'MCP_BENCH_UTILS_TEST_SIZE';
  afterEach(() => {
    delete process.env[name];
  });

  it('reads a positive integer from the environment', () => {
    process.env[name] = '25';
    expect(envInt(name, 500)).toBe(25);
  });

  it('falls back when unset, zero, negative, fractional or not a number', () => {
    expect(envInt(name, 500)).toBe(500);
    for (const value of ['0', '-3', '2.5', 'many', '']) {
      process.env[name] = value;
      expect(envInt(name, 500)).toBe(500);
    }
  });
});

describe('seededRandom', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const take = (seed: number) => {
      const next = seededRandom(seed);
      return Array.from({ length: 5 }, () => next());
    };
    expect(take(7)).toEqual(take(7));
    expect(take(7)).not.toEqual(take(8));
  });

  it('stays in [0, 1) and spreads over it', () => {
    const next = seededRandom(424242);
    const values = Array.from({ length: 10_000 }, () => next());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });
});
