import { createContext, ReactNode, useContext, useMemo } from 'react';
import { mcpServerRefPath } from '@mcp-platform/plugin-mcp-catalog-common';

const BasePathContext = createContext('/mcp');

/** Provides where the MCP catalog page is mounted, so links work wherever views are rendered. */
export function McpBasePathProvider(props: {
  basePath: string;
  children: ReactNode;
}) {
  return (
    <BasePathContext.Provider value={props.basePath.replace(/\/$/, '')}>
      {props.children}
    </BasePathContext.Provider>
  );
}

/** Paths of the MCP catalog's views. */
export function useMcpPaths() {
  const base = useContext(BasePathContext);
  return useMemo(
    () => ({
      servers: () => base,
      tools: (query?: string) => `${base}/tools${query ? `?${query}` : ''}`,
      gateway: () => `${base}/gateway`,
      server: (entityRef: string) =>
        `${base}/servers/${mcpServerRefPath(entityRef)}`,
      tool: (entityRef: string, tool: string) =>
        `${base}/servers/${mcpServerRefPath(
          entityRef,
        )}/tools/${encodeURIComponent(tool)}`,
    }),
    [base],
  );
}
