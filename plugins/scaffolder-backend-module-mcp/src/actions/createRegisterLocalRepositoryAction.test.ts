import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createRegisterLocalRepositoryAction } from './createRegisterLocalRepositoryAction';

const api: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'API',
  metadata: { name: 'refund-desk', namespace: 'default' },
  spec: { type: 'mcp-server' },
};
const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'refund-desk-service', namespace: 'default' },
  spec: {},
};

function catalogWith(addLocation: jest.Mock) {
  return { addLocation } as unknown as CatalogService;
}

describe('mcp:catalog:register-local', () => {
  it('checks the descriptor with a dry run, registers it, and outputs the mcp-server API', async () => {
    const addLocation = jest.fn(async (request: { dryRun?: boolean }) => ({
      location: { id: '1', type: 'mcp-local-repo', target: 'refund-desk' },
      entities: request.dryRun ? [component, api] : [],
    }));
    const action = createRegisterLocalRepositoryAction({
      catalog: catalogWith(addLocation),
      baseDir: '/srv/repos',
    });
    const ctx = createMockActionContext({ input: { repoName: 'refund-desk' } });
    await action.handler(ctx as never);

    expect(addLocation.mock.calls.map(([request]) => request)).toEqual([
      { type: 'mcp-local-repo', target: 'refund-desk', dryRun: true },
      { type: 'mcp-local-repo', target: 'refund-desk' },
    ]);
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'api:default/refund-desk',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'catalogInfoUrl',
      'file:///srv/repos/refund-desk/catalog-info.yaml',
    );
  });

  it('registers nothing when the catalog would reject the descriptor', async () => {
    const addLocation = jest.fn(async () => {
      throw new Error(
        'api:default/refund-desk: spec.remotes[0].url must be an absolute URL',
      );
    });
    const action = createRegisterLocalRepositoryAction({
      catalog: catalogWith(addLocation),
      baseDir: '/srv/repos',
    });
    await expect(
      action.handler(
        createMockActionContext({
          input: { repoName: 'refund-desk' },
        }) as never,
      ),
    ).rejects.toThrow('spec.remotes[0].url must be an absolute URL');
    expect(addLocation).toHaveBeenCalledTimes(1);
  });

  it('refuses repository names that are paths', async () => {
    const addLocation = jest.fn();
    const action = createRegisterLocalRepositoryAction({
      catalog: catalogWith(addLocation),
      baseDir: '/srv/repos',
    });
    await expect(
      action.handler(
        createMockActionContext({ input: { repoName: '../etc' } }) as never,
      ),
    ).rejects.toThrow('Invalid repoName "../etc"');
    expect(addLocation).not.toHaveBeenCalled();
  });
});
