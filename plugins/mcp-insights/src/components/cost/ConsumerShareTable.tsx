import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import {
  ConsumerShare,
  DIRECT_USAGE,
  UNALLOCATED_TEAM,
} from '@mcp-platform/plugin-mcp-insights-common';
import {
  formatCount,
  formatMoney,
  formatPercent,
  teamLabel,
} from '../common/format';
import { TeamCell } from './TeamCell';

/** A server's spend split by the teams that called it; adds up to the server's total. */
export function ConsumerShareTable(props: {
  consumers: ConsumerShare[];
  currency: string;
}) {
  const money = (v: number) => formatMoney(v, props.currency);
  return (
    <Table size="small" aria-label="Spend by consuming team">
      <TableHead>
        <TableRow>
          <TableCell>Consuming team</TableCell>
          <TableCell align="right">Calls</TableCell>
          <TableCell align="right">Share</TableCell>
          <TableCell align="right">Charged</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.consumers.map(c => (
          <TableRow key={c.team}>
            <TableCell component="th" scope="row">
              {c.team === DIRECT_USAGE || c.team === UNALLOCATED_TEAM ? (
                teamLabel(c.team)
              ) : (
                <TeamCell team={c.team} />
              )}
            </TableCell>
            <TableCell align="right">{formatCount(c.calls)}</TableCell>
            <TableCell align="right">{formatPercent(c.share)}</TableCell>
            <TableCell align="right">{money(c.total)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
