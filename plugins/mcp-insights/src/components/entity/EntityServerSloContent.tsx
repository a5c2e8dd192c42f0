import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { SloServerView } from '../slo/SloServerView';

/** The "SLO" tab of `mcp-server` API entities. */
export function EntityServerSloContent() {
  const { entity } = useEntity();
  return <SloServerView serverRef={stringifyEntityRef(entity)} />;
}
