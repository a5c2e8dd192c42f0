import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { McpBasePathProvider } from './common/paths';
import { ServerView } from './ServerView/ServerView';

/** The "MCP" tab of `mcp-server` API entities. */
export function McpEntityContent(props: { basePath?: string }) {
  const { entity } = useEntity();
  return (
    <McpBasePathProvider basePath={props.basePath ?? '/mcp'}>
      <ServerView entityRef={stringifyEntityRef(entity)} />
    </McpBasePathProvider>
  );
}
