import Box from '@material-ui/core/Box';
import Paper from '@material-ui/core/Paper';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import { useState } from 'react';
import { DeploymentPlayground } from './DeploymentPlayground';
import { DryRunPanel } from './DryRunPanel';
import { ToolCallPlayground } from './ToolCallPlayground';

type Mode = 'deployment' | 'tool-call' | 'dry-run';

/** Try the active policies on a deployment or tool calls, or a candidate policy on the log. */
export function PlaygroundTab() {
  const [mode, setMode] = useState<Mode>('deployment');
  return (
    <Paper>
      <Tabs
        value={mode}
        onChange={(_e, value: Mode) => setMode(value)}
        indicatorColor="primary"
        aria-label="Playground modes"
      >
        <Tab value="deployment" label="Deployment" />
        <Tab value="tool-call" label="Tool call" />
        <Tab value="dry-run" label="Dry run" />
      </Tabs>
      <Box p={2}>
        {/* Hidden rather than unmounted, so switching modes keeps what was typed. */}
        <div hidden={mode !== 'deployment'}>
          <DeploymentPlayground />
        </div>
        <div hidden={mode !== 'tool-call'}>
          <ToolCallPlayground />
        </div>
        <div hidden={mode !== 'dry-run'}>
          <DryRunPanel />
        </div>
      </Box>
    </Paper>
  );
}
