import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createPublishLocalAction } from './createPublishLocalAction';

describe('publish:local', () => {
  let root: string;
  let workspacePath: string;
  let baseDir: string;

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'publish-local-'));
    workspacePath = path.join(root, 'workspace');
    baseDir = path.join(root, 'repos');
    await fs.mkdir(path.join(workspacePath, 'src'), { recursive: true });
    await fs.writeFile(
      path.join(workspacePath, 'catalog-info.yaml'),
      'kind: API\n',
    );
    await fs.writeFile(
      path.join(workspacePath, 'src', 'index.ts'),
      'export {};\n',
    );
  });
  afterEach(() => fs.rm(root, { recursive: true, force: true }));

  it('creates a git repository with one commit and reports where it is', async () => {
    const action = createPublishLocalAction({ baseDir });
    const ctx = createMockActionContext({
      workspacePath,
      input: { repoName: 'refund-helper', defaultBranch: 'main' },
    });
    await action.handler(ctx);

    const target = path.join(baseDir, 'refund-helper');
    expect(ctx.output).toHaveBeenCalledWith('remoteUrl', `file://${target}`);
    expect(ctx.output).toHaveBeenCalledWith(
      'catalogInfoPath',
      path.join(target, 'catalog-info.yaml'),
    );
    const files = execFileSync('git', ['ls-files'], {
      cwd: target,
      encoding: 'utf8',
    })
      .trim()
      .split('\n');
    expect(files.sort()).toEqual(['catalog-info.yaml', 'src/index.ts']);
    const branch = execFileSync('git', ['branch', '--show-current'], {
      cwd: target,
      encoding: 'utf8',
    }).trim();
    expect(branch).toBe('main');
  });

  it('refuses to overwrite an existing repository', async () => {
    const action = createPublishLocalAction({ baseDir });
    await action.handler(
      createMockActionContext({
        workspacePath,
        input: { repoName: 'taken', defaultBranch: 'main' },
      }),
    );
    await fs.writeFile(
      path.join(workspacePath, 'catalog-info.yaml'),
      'changed\n',
    );
    await expect(
      action.handler(
        createMockActionContext({
          workspacePath,
          input: { repoName: 'taken', defaultBranch: 'main' },
        }),
      ),
    ).rejects.toThrow('A repository named "taken" already exists');
    expect(
      await fs.readFile(
        path.join(baseDir, 'taken', 'catalog-info.yaml'),
        'utf8',
      ),
    ).toBe('kind: API\n');
  });

  it('rejects names that could escape the base directory', async () => {
    const action = createPublishLocalAction({ baseDir });
    await expect(
      action.handler(
        createMockActionContext({
          workspacePath,
          input: { repoName: '../etc', defaultBranch: 'main' },
        }),
      ),
    ).rejects.toThrow(/Invalid repoName "..\/etc"/);
  });

  it('refuses a sourcePath outside the workspace, even a sibling with the same prefix', async () => {
    const action = createPublishLocalAction({ baseDir });
    await fs.mkdir(`${workspacePath}2`, { recursive: true });
    await expect(
      action.handler(
        createMockActionContext({
          workspacePath,
          input: {
            repoName: 'sibling',
            sourcePath: `../${path.basename(workspacePath)}2`,
            defaultBranch: 'main',
          },
        }),
      ),
    ).rejects.toThrow(/leaves the workspace/);
  });
});
