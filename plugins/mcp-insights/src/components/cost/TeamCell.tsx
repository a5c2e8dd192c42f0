import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { UNALLOCATED_TEAM } from '@mcp-platform/plugin-mcp-insights-common';
import { teamLabel } from '../common/format';

/** The owning team, or an `unallocated` chip for servers without an owner in the catalog. */
export function TeamCell(props: { team: string }) {
  if (props.team === UNALLOCATED_TEAM) {
    return (
      <Tooltip title="No owner in the catalog: set spec.owner on the API entity to charge a team.">
        <Chip label="unallocated" size="small" variant="outlined" />
      </Tooltip>
    );
  }
  return (
    <EntityRefLink
      entityRef={props.team}
      defaultKind="group"
      title={teamLabel(props.team)}
    />
  );
}
