import { useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { CostView, mcpInsightsApiRef } from '../../api';
import { DownloadButton } from '../common/DownloadButton';

/**
 * Downloads the cost CSV with the report's filters: per server or per tool, or in the consuming
 * view per consuming team and server.
 */
export function CostCsvExport(props: {
  team?: string;
  month?: string;
  view?: CostView;
}) {
  const api = useApi(mcpInsightsApiRef);
  const [level, setLevel] = useState<'server' | 'tool'>('server');
  const consuming = props.view === 'consuming';
  return (
    <Box display="flex" alignItems="center" style={{ gap: 8 }}>
      {!consuming && (
        <TextField
          select
          size="small"
          variant="outlined"
          label="Rows"
          value={level}
          onChange={e => setLevel(e.target.value as 'server' | 'tool')}
        >
          <MenuItem value="server">per day and server</MenuItem>
          <MenuItem value="tool">per day, server and tool</MenuItem>
        </TextField>
      )}
      <DownloadButton
        what="the cost CSV"
        fetchFile={() =>
          api.exportCostCsv({
            team: props.team,
            month: props.month,
            level,
            ...(consuming ? { view: 'consuming' as const } : {}),
          })
        }
      >
        Export CSV
      </DownloadButton>
    </Box>
  );
}
