import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { ServerCost } from '@mcp-platform/plugin-mcp-insights-common';
import { ServerCostRow } from './ServerCostRow';

/** The drill-down of a cost report: servers, most expensive first, each opening to its tools. */
export function ServerCostTable(props: {
  servers: ServerCost[];
  currency: string;
}) {
  if (!props.servers.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        No server had spend or calls this month.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Spend by server">
      <TableHead>
        <TableRow>
          <TableCell padding="checkbox" />
          <TableCell>Server</TableCell>
          <TableCell>Team</TableCell>
          <TableCell align="right">Calls</TableCell>
          <TableCell align="right">Errors</TableCell>
          <TableCell align="right">Compute</TableCell>
          <TableCell align="right">LLM tokens</TableCell>
          <TableCell align="right">Total</TableCell>
          <TableCell align="right">Server budget</TableCell>
          <TableCell align="right">Per 1 000 calls</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.servers.map(server => (
          <ServerCostRow
            key={server.serverRef}
            server={server}
            currency={props.currency}
          />
        ))}
      </TableBody>
    </Table>
  );
}
