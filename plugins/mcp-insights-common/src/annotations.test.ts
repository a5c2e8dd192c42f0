import { parseBudgetAnnotation, parseResourcesAnnotation } from './annotations';

const defaults = { replicas: 1, cpu: 0.25, memoryGb: 0.5 };

describe('parseResourcesAnnotation', () => {
  it('reads replicas, cores or millicores and Kubernetes memory quantities', () => {
    expect(
      parseResourcesAnnotation('replicas=3,cpu=500m,memory=1Gi', defaults),
    ).toEqual({ replicas: 3, cpu: 0.5, memoryGb: 1.073741824 });
    expect(parseResourcesAnnotation('cpu=2, memory=4gb', defaults)).toEqual({
      replicas: 1,
      cpu: 2,
      memoryGb: 4,
    });
    expect(parseResourcesAnnotation('memory=512M', defaults).memoryGb).toBe(
      0.512,
    );
  });

  it.each([
    ['replicas=-1', /whole number/],
    ['cpu=lots', /cores/],
    ['memory=1Qi', /quantity/],
    ['gpu=1', /Unknown resources key "gpu"/],
    ['cpu', /not key=value/],
  ])('rejects %j with a message that says what to fix', (value, message) => {
    expect(() => parseResourcesAnnotation(value, defaults)).toThrow(message);
  });
});

describe('parseBudgetAnnotation', () => {
  it('reads an amount with or without the currency', () => {
    expect(parseBudgetAnnotation('1500', 'USD')).toBe(1500);
    expect(parseBudgetAnnotation(' 99.5 usd ', 'USD')).toBe(99.5);
  });

  it('refuses another currency and non-amounts', () => {
    expect(() => parseBudgetAnnotation('1500 EUR', 'USD')).toThrow(
      /in EUR but costs are in USD/,
    );
    expect(() => parseBudgetAnnotation('-5', 'USD')).toThrow(/amount/);
  });
});
