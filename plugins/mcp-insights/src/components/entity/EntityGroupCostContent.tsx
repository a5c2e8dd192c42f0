import { useState } from 'react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import { monthOf } from '../common/months';
import { MonthPicker } from '../cost/MonthPicker';
import { TeamCostReportView } from '../cost/TeamCostReportView';

/** The "MCP cost" tab of Group entities: the group's cost report, sub-groups included. */
export function EntityGroupCostContent() {
  const { entity } = useEntity();
  const [month, setMonth] = useState<string>();
  return (
    <>
      <Box mb={2}>
        <MonthPicker value={month ?? monthOf(new Date())} onChange={setMonth} />
      </Box>
      <TeamCostReportView team={stringifyEntityRef(entity)} month={month} />
    </>
  );
}
