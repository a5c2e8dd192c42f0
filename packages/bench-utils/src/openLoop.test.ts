import { openLoop } from './openLoop';

describe('openLoop', () => {
  it('sends rate × seconds calls without waiting for answers, and counts failures', async () => {
    let sent = 0;
    let inFlight = 0;
    let mostInFlight = 0;
    const result = await openLoop(
      async () => {
        const n = ++sent;
        inFlight++;
        mostInFlight = Math.max(mostInFlight, inFlight);
        // Slower than the interval between calls: a closed loop would never overlap them.
        await new Promise(r => setTimeout(r, 100));
        inFlight--;
        if (n % 10 === 0) throw new Error('refused');
      },
      40,
      1,
    );
    expect(sent).toBe(40);
    expect(result.errors).toBe(4);
    expect(result.latencies).toHaveLength(36);
    expect(result.at).toHaveLength(36);
    expect(mostInFlight).toBeGreaterThan(1);
    // Each success is placed at the time it was due (every 25 ms), not when it was sent.
    const due = Array.from({ length: 40 }, (_, i) => i * 25).filter(
      (_, i) => (i + 1) % 10 !== 0,
    );
    [...result.at]
      .sort((a, b) => a - b)
      .forEach((at, i) => expect(at).toBeCloseTo(due[i], 6));
  });
});
