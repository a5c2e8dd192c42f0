import { createContext, ReactNode, useContext } from 'react';

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

function refParts(entityRef: string) {
  const match = /^api:([^/]+)\/(.+)$/i.exec(entityRef);
  return match
    ? { namespace: match[1], name: match[2] }
    : { namespace: 'default', name: entityRef };
}

/** Paths of the MCP catalog's views. */
export function useMcpPaths() {
  const base = useContext(BasePathContext);
  return {
    servers: () => base,
    tools: (query?: string) => `${base}/tools${query ? `?${query}` : ''}`,
    server: (entityRef: string) => {
      const { namespace, name } = refParts(entityRef);
      return `${base}/servers/${encodeURIComponent(
        namespace,
      )}/${encodeURIComponent(name)}`;
    },
    tool: (entityRef: string, tool: string) => {
      const { namespace, name } = refParts(entityRef);
      return `${base}/servers/${encodeURIComponent(
        namespace,
      )}/${encodeURIComponent(name)}/tools/${encodeURIComponent(tool)}`;
    },
  };
}
