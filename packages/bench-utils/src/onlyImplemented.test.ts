import { BenchLogger } from './BenchLogger';
import { onlyImplemented } from './onlyImplemented';

interface Catalog {
  queryEntities(): Promise<string[]>;
  getEntityByRef(ref: string): Promise<string | undefined>;
}

describe('onlyImplemented', () => {
  it('answers with the methods given and fails, naming it, on any other', async () => {
    const catalog = onlyImplemented<Catalog>('CatalogService', {
      queryEntities: async () => ['api:default/a'],
    });
    await expect(catalog.queryEntities()).resolves.toEqual(['api:default/a']);
    expect(() => catalog.getEntityByRef('api:default/a')).toThrow(
      "CatalogService.getEntityByRef is not provided by the benchmark's stand-in",
    );
  });

  it('is not mistaken for a promise when awaited', async () => {
    const service = onlyImplemented<Catalog>('CatalogService', {});
    await expect(Promise.resolve(service)).resolves.toBe(service);
  });
});

describe('BenchLogger', () => {
  it('keeps warnings and errors, drops info and debug', () => {
    const logger = new BenchLogger();
    logger.info();
    logger.debug();
    logger.warn('discovery of api:default/a failed');
    logger.child().error('store unavailable');
    expect(logger.problems).toEqual([
      'discovery of api:default/a failed',
      'store unavailable',
    ]);
  });
});
