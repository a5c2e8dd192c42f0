import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { ToolSloStatus } from '@mcp-platform/plugin-mcp-insights-common';
import { formatCount, formatDuration } from '../common/format';
import { BurnRateChip } from './BurnRateChip';
import { ErrorBudgetBar } from './ErrorBudgetBar';
import { ObjectiveList } from './ObjectiveList';
import { soonestExhaustion } from './objectiveLabel';

/** Each tool's SLOs (the server's unless config sets its own), least budget left first. */
export function ToolSloTable(props: { tools: ToolSloStatus[] }) {
  if (!props.tools.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        No tool calls in the last 90 days.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="SLOs by tool">
      <TableHead>
        <TableRow>
          <TableCell>Tool</TableCell>
          <TableCell>Status</TableCell>
          <TableCell>Objectives and current SLI</TableCell>
          <TableCell>Error budget left</TableCell>
          <TableCell>Time to exhaustion</TableCell>
          <TableCell align="right">Calls</TableCell>
          <TableCell>Defined in</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.tools.map(tool => (
          <TableRow key={tool.tool}>
            <TableCell component="th" scope="row">
              <code>{tool.tool}</code>
            </TableCell>
            <TableCell>
              <BurnRateChip status={tool.status} />
            </TableCell>
            <TableCell>
              <ObjectiveList objectives={tool.objectives} />
            </TableCell>
            <TableCell>
              <ErrorBudgetBar remaining={tool.errorBudgetRemaining} />
            </TableCell>
            <TableCell>
              {formatDuration(soonestExhaustion(tool.objectives))}
            </TableCell>
            <TableCell align="right">{formatCount(tool.calls)}</TableCell>
            <TableCell>
              {tool.source === 'config' ? 'config' : 'server SLO'}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
