import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { ToolCost } from '@mcp-platform/plugin-mcp-insights-common';
import { formatCount, formatMoney } from '../common/format';

/** A server's tools with their share of its spend, most expensive first. */
export function ToolCostTable(props: {
  tools: ToolCost[];
  currency: string;
  /** Accessible name, e.g. "Tools of payments-ledger". */
  label: string;
}) {
  const money = (v: number) => formatMoney(v, props.currency);
  if (!props.tools.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        No tool calls recorded this month.
      </Typography>
    );
  }
  return (
    <>
      <Table size="small" aria-label={props.label}>
        <TableHead>
          <TableRow>
            <TableCell>Tool</TableCell>
            <TableCell align="right">Calls</TableCell>
            <TableCell align="right">Errors</TableCell>
            <TableCell align="right">Direct cost</TableCell>
            <TableCell align="right">Shared cost</TableCell>
            <TableCell align="right">Total</TableCell>
            <TableCell align="right">Per 1 000 calls</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {props.tools.map(tool => (
            <TableRow key={tool.tool}>
              <TableCell component="th" scope="row">
                <code>{tool.tool}</code>
              </TableCell>
              <TableCell align="right">{formatCount(tool.calls)}</TableCell>
              <TableCell align="right">{formatCount(tool.errors)}</TableCell>
              <TableCell align="right">{money(tool.directCost)}</TableCell>
              <TableCell align="right">{money(tool.sharedCost)}</TableCell>
              <TableCell align="right">{money(tool.totalCost)}</TableCell>
              <TableCell align="right">
                {tool.costPer1000Calls === null
                  ? '—'
                  : money(tool.costPer1000Calls)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Typography variant="caption" color="textSecondary">
        Direct cost: tokens and pushed costs recorded against the tool. Shared
        cost: its share, by calls, of the server's compute and of token spend
        not recorded per tool.
      </Typography>
    </>
  );
}
