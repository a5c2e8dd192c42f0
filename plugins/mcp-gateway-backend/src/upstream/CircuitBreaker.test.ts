import { CircuitBreaker } from './CircuitBreaker';

const settings = {
  consecutiveFailures: 3,
  failureRatio: 0.5,
  minimumCalls: 6,
  windowMs: 10_000,
  openMs: 5_000,
};

describe('CircuitBreaker', () => {
  let now = 1_000_000;
  const clock = () => now;
  beforeEach(() => {
    now = 1_000_000;
  });

  it('opens after failures in a row, lets one probe through when half-open, and closes on its success', () => {
    const states: string[] = [];
    const breaker = new CircuitBreaker(settings, s => states.push(s), clock);
    for (let i = 0; i < 3; i++) {
      expect(breaker.tryAcquire()).toBe(true);
      breaker.failure();
    }
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
    expect(breaker.retryAt).toBe(now + 5_000);

    now += 5_000;
    expect(breaker.state).toBe('half-open');
    expect(breaker.tryAcquire()).toBe(true); // the probe
    expect(breaker.tryAcquire()).toBe(false); // only one at a time
    breaker.success();
    expect(breaker.state).toBe('closed');
    expect(states).toEqual(['open', 'half-open', 'closed']);
  });

  it('opens again when the probe fails', () => {
    const breaker = new CircuitBreaker(settings, undefined, clock);
    for (let i = 0; i < 3; i++) breaker.failure();
    now += 5_000;
    expect(breaker.tryAcquire()).toBe(true);
    breaker.failure();
    expect(breaker.state).toBe('open');
    expect(breaker.retryAt).toBe(now + 5_000);
  });

  it('opens on the failure ratio of the window once it holds enough calls, and forgets old calls', () => {
    const breaker = new CircuitBreaker(settings, undefined, clock);
    // Alternating outcomes: never 3 failures in a row, but half of the calls fail.
    for (let i = 0; i < 5; i++) {
      if (i % 2) breaker.success();
      else breaker.failure();
    }
    expect(breaker.state).toBe('closed'); // 5 calls < minimumCalls
    breaker.success();
    expect(breaker.state).toBe('closed'); // 3 of 6 failed, but the last was a success
    breaker.failure();
    expect(breaker.state).toBe('open'); // 4 of 7 failed

    const fresh = new CircuitBreaker(settings, undefined, clock);
    for (let i = 0; i < 3; i++) {
      fresh.failure();
      fresh.success();
      fresh.success();
    }
    expect(fresh.state).toBe('closed'); // a third failed: under the ratio
    expect(fresh.window).toEqual({ calls: 9, failures: 3 });
    now += 11_000; // the window moved on: those calls no longer count
    expect(fresh.window).toEqual({ calls: 0, failures: 0 });
    fresh.failure();
    expect(fresh.state).toBe('closed');
  });

  it('frees the probe slot when a call is refused before it reached the upstream', () => {
    const breaker = new CircuitBreaker(settings, undefined, clock);
    for (let i = 0; i < 3; i++) breaker.failure();
    now += 5_000;
    expect(breaker.tryAcquire()).toBe(true);
    breaker.release();
    expect(breaker.tryAcquire()).toBe(true);
  });
});
