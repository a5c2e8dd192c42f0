import { parseSloAnnotation } from './slo';

describe('parseSloAnnotation', () => {
  it('parses availability, a latency percentile and the window', () => {
    expect(
      parseSloAnnotation('availability=99.9,latency-p95=2000ms,window=28d'),
    ).toEqual({
      availabilityTarget: 0.999,
      latency: { percentile: 0.95, thresholdMs: 2000 },
      windowDays: 28,
    });
    expect(parseSloAnnotation('latency-p99=1.5s')).toEqual({
      latency: { percentile: 0.99, thresholdMs: 1500 },
      windowDays: 30,
    });
  });

  it.each([
    ['', /Empty SLO annotation/],
    ['availability=100', /between 0 and 100/],
    ['availability=abc', /between 0 and 100/],
    ['latency-p95=fast', /duration in ms or s/],
    ['window=400d,availability=99', /between 1d and 90d/],
    ['uptime=99', /Unknown SLO key "uptime"/],
    ['window=7d', /sets no objective/],
    ['availability', /not key=value/],
  ])('rejects %j with a message that says what to fix', (value, message) => {
    expect(() => parseSloAnnotation(value)).toThrow(message);
  });
});
