import { createContext, ReactNode, useContext } from 'react';
import { mcpServerRefPath } from '@mcp-platform/plugin-mcp-catalog-common';

const BasePathContext = createContext('/mcp-insights');

/** Provides where the insights page is mounted, so links work wherever views are rendered. */
export function InsightsBasePathProvider(props: {
  basePath: string;
  children: ReactNode;
}) {
  return (
    <BasePathContext.Provider value={props.basePath.replace(/\/$/, '')}>
      {props.children}
    </BasePathContext.Provider>
  );
}

/** Paths of the insights page's views. */
export function useInsightsPaths() {
  const base = useContext(BasePathContext);
  return {
    cost: () => base || '/',
    slo: () => `${base}/slo`,
    sloServer: (serverRef: string) =>
      `${base}/slo/servers/${mcpServerRefPath(serverRef)}`,
  };
}
