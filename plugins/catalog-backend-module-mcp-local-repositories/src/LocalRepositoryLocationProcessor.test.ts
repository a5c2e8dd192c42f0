import { createMockDirectory } from '@backstage/backend-test-utils';
import {
  CatalogProcessorParser,
  CatalogProcessorResult,
  parseEntityYaml,
} from '@backstage/plugin-catalog-node';
import { LocalRepositoryLocationProcessor } from './LocalRepositoryLocationProcessor';

const parser: CatalogProcessorParser = async function* parse({
  data,
  location,
}) {
  yield* parseEntityYaml(data, location);
};

describe('LocalRepositoryLocationProcessor', () => {
  const dir = createMockDirectory({
    content: {
      'refund-desk/catalog-info.yaml': [
        'apiVersion: backstage.io/v1alpha1',
        'kind: API',
        'metadata: { name: refund-desk }',
        'spec: { type: mcp-server, lifecycle: production, owner: payments, definition: x }',
      ].join('\n'),
    },
  });
  const processor = new LocalRepositoryLocationProcessor({ baseDir: dir.path });

  const read = async (
    target: string,
    optional = false,
    type = 'mcp-local-repo',
  ) => {
    const results: CatalogProcessorResult[] = [];
    const handled = await processor.readLocation(
      { type, target },
      optional,
      result => results.push(result),
      parser,
    );
    return { handled, results };
  };

  it('emits the entities of a published repository', async () => {
    const { handled, results } = await read('refund-desk');
    expect(handled).toBe(true);
    expect(results).toEqual([
      expect.objectContaining({
        type: 'entity',
        entity: expect.objectContaining({
          kind: 'API',
          metadata: { name: 'refund-desk' },
        }),
      }),
    ]);
  });

  it('reports a missing repository unless the location is optional', async () => {
    const { results } = await read('gone');
    expect(results).toEqual([
      expect.objectContaining({
        type: 'error',
        error: expect.objectContaining({ name: 'NotFoundError' }),
      }),
    ]);
    expect((await read('gone', true)).results).toEqual([]);
  });

  it('never reads paths outside the repositories directory', async () => {
    const { handled, results } = await read('../refund-desk');
    expect(handled).toBe(true);
    expect(results).toEqual([
      expect.objectContaining({
        type: 'error',
        error: expect.objectContaining({
          message:
            'mcp-local-repo target "../refund-desk" is not a repository name',
        }),
      }),
    ]);
  });

  it('leaves other location types to other processors', async () => {
    expect((await read('refund-desk', false, 'url')).handled).toBe(false);
  });
});
