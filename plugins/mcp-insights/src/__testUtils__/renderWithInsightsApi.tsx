import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { act, RenderResult } from '@testing-library/react';
import { McpInsightsApi, mcpInsightsApiRef } from '../api';

/**
 * Renders in a test app with the fake API and the catalog's entity route (for entity links),
 * letting the fake's immediate answers land inside `act`.
 */
export async function renderWithInsightsApi(
  element: JSX.Element,
  api: McpInsightsApi,
  options: { initialRouteEntries?: string[] } = {},
): Promise<RenderResult> {
  let rendered: RenderResult | undefined;
  await act(async () => {
    rendered = renderInTestApp(element, {
      apis: [[mcpInsightsApiRef, api]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      ...options,
    });
  });
  return rendered!;
}
