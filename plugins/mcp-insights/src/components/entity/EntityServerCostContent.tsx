import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { ServerCostView } from '../cost/ServerCostView';

/** The "Cost" tab of `mcp-server` API entities. */
export function EntityServerCostContent() {
  const { entity } = useEntity();
  return <ServerCostView serverRef={stringifyEntityRef(entity)} />;
}
