import { createMockDirectory } from '@backstage/backend-test-utils';
import prettier from 'prettier';
import {
  checkGeneratedOpenApiRouter,
  GENERATED_ROUTER_PATH,
  generatedSpecOf,
  openApiRouterSource,
} from './openApiRouterSource';

const DOCUMENT = `
openapi: 3.1.0
info: { title: Things, version: '1' }
paths:
  /things/{id}:
    parameters:
      - $ref: '#/components/parameters/Id'
      - { name: verbose, in: query, schema: { type: boolean } }
    get:
      operationId: getThing
      parameters:
        - { name: verbose, in: query, required: true, schema: { type: string } }
      responses:
        '200': { description: The thing. }
    delete:
      operationId: deleteThing
      responses:
        '204': { description: Gone. }
  /health:
    get:
      operationId: getHealth
      responses:
        '200': { description: Up. }
components:
  parameters:
    Id: { name: id, in: path, required: true, schema: { type: string } }
`;

describe('openApiRouterSource', () => {
  it('copies the parameters of a path item into its operations, an operation’s own winning', () => {
    const spec = generatedSpecOf(DOCUMENT);
    expect(spec.paths['/things/{id}'].parameters).toBeUndefined();
    expect(spec.paths['/things/{id}'].get.parameters).toEqual([
      { $ref: '#/components/parameters/Id' },
      {
        name: 'verbose',
        in: 'query',
        required: true,
        schema: { type: 'string' },
      },
    ]);
    expect(spec.paths['/things/{id}'].delete.parameters).toEqual([
      { $ref: '#/components/parameters/Id' },
      { name: 'verbose', in: 'query', schema: { type: 'boolean' } },
    ]);
    expect(spec.paths['/health']).toEqual({
      get: {
        operationId: 'getHealth',
        responses: { 200: { description: 'Up.' } },
      },
    });
    expect(spec.info).toEqual({ title: 'Things', version: '1' });
  });

  it('writes a file that says it is generated and how to regenerate it, already formatted', () => {
    const source = openApiRouterSource(DOCUMENT);
    expect(source.split('\n').slice(0, 2).join(' ')).toMatch(
      /^\/\/ GENERATED from openapi\.yaml: do not edit by hand\..*`yarn openapi:generate`/,
    );
    expect(source).toMatch(/\nexport const spec = \{\n[\s\S]*\n\} as const;\n/);
    expect(source).toContain(
      'export const createOpenApiRouter = openApiRouterFactory(spec);',
    );
    expect(
      prettier.format(source, {
        ...prettier.resolveConfig.sync(__filename),
        parser: 'typescript',
      }),
    ).toBe(source);
    expect(openApiRouterSource(DOCUMENT)).toBe(source);
  });

  it('tells a current generated router from a stale or missing one', () => {
    const dir = createMockDirectory();
    dir.setContent({ 'openapi.yaml': DOCUMENT });
    expect(checkGeneratedOpenApiRouter(dir.path)).toMatchObject({
      current: false,
      file: dir.resolve(GENERATED_ROUTER_PATH),
    });

    dir.addContent({ [GENERATED_ROUTER_PATH]: openApiRouterSource(DOCUMENT) });
    expect(checkGeneratedOpenApiRouter(dir.path).current).toBe(true);

    dir.addContent({
      'openapi.yaml': DOCUMENT.replace("version: '1'", "version: '2'"),
    });
    const stale = checkGeneratedOpenApiRouter(dir.path);
    expect(stale.current).toBe(false);
    expect(stale.expected).toContain("version: '2'");
  });
});
