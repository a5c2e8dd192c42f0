import { ConflictError, InputError } from '@backstage/errors';
import {
  createTemplateAction,
  executeShellCommand,
} from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import path from 'node:path';

const REPO_NAME = /^[a-z0-9][a-z0-9-]{1,62}$/;

/**
 * `publish:local` — writes the generated project to a directory on the backend's host as a git
 * repository, so the whole creation flow works offline, without GitHub.
 *
 * @public
 */
export function createPublishLocalAction(options: { baseDir: string }) {
  return createTemplateAction({
    id: 'publish:local',
    description: [
      'Publishes the workspace as a new **git repository on the backend host**, under the',
      'configured `mcpScaffolder.localPublish.baseDir`. Use it where no SCM integration is',
      'configured; it fails if a repository of that name exists, and never overwrites one.',
    ].join('\n'),
    examples: [
      {
        description: 'Publish the generated MCP server',
        example: [
          'steps:',
          '  - id: publish',
          '    action: publish:local',
          '    input:',
          '      repoName: ${{ parameters.name }}',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        repoName: z =>
          z
            .string()
            .describe(
              'Repository directory name: lower-case letters, digits and dashes',
            ),
        sourcePath: z =>
          z
            .string()
            .optional()
            .describe('Sub-directory of the workspace to publish'),
        defaultBranch: z =>
          z.string().default('main').describe('Initial branch'),
      },
      output: {
        remoteUrl: z =>
          z.string().describe('file:// URL of the new repository'),
        repoContentsUrl: z =>
          z.string().describe('Path of the repository on the backend host'),
        catalogInfoPath: z =>
          z
            .string()
            .describe('Absolute path of catalog-info.yaml in the repository'),
      },
    },
    async handler(ctx) {
      const { repoName, sourcePath, defaultBranch } = ctx.input;
      if (!REPO_NAME.test(repoName)) {
        throw new InputError(
          `Invalid repoName "${repoName}": use 2-63 lower-case letters, digits and dashes, starting with a letter or digit`,
        );
      }
      const workspace = path.resolve(ctx.workspacePath);
      const source = path.resolve(workspace, sourcePath ?? '.');
      // A sibling such as /tmp/ws2 shares the prefix of /tmp/ws: compare whole path segments.
      const relative = path.relative(workspace, source);
      if (relative.startsWith('..') || path.isAbsolute(relative)) {
        throw new InputError(`sourcePath "${sourcePath}" leaves the workspace`);
      }
      const baseDir = path.resolve(options.baseDir);
      const target = path.join(baseDir, repoName);
      await fs.mkdir(baseDir, { recursive: true });
      try {
        // mkdir without recursive fails if the directory exists: the check and the claim are one step.
        await fs.mkdir(target);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
          throw new ConflictError(
            `A repository named "${repoName}" already exists in ${baseDir}; choose another name`,
          );
        }
        throw error;
      }
      try {
        await fs.cp(source, target, { recursive: true });
        const git = (...args: string[]) =>
          executeShellCommand({
            command: 'git',
            args,
            options: { cwd: target },
            logger: ctx.logger,
          });
        await git('init', '--quiet', '--initial-branch', defaultBranch);
        await git('add', '--all');
        await git(
          '-c',
          'user.name=Backstage Scaffolder',
          '-c',
          'user.email=scaffolder@backstage.local',
          'commit',
          '--quiet',
          '--no-gpg-sign',
          '-m',
          'Initial commit from the Backstage template',
        );
      } catch (error) {
        // Leave nothing half-published behind.
        await fs.rm(target, { recursive: true, force: true });
        throw error;
      }
      ctx.output('remoteUrl', `file://${target}`);
      ctx.output('repoContentsUrl', target);
      ctx.output('catalogInfoPath', path.join(target, 'catalog-info.yaml'));
    },
  });
}
