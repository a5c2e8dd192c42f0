import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { ConsumedServerCost } from '@mcp-platform/plugin-mcp-insights-common';
import {
  formatCount,
  formatMoney,
  formatPercent,
  serverLabel,
} from '../common/format';
import { TeamCell } from './TeamCell';

/** The servers a consuming team called, with the part of their spend charged to it. */
export function ConsumedServerTable(props: {
  servers: ConsumedServerCost[];
  currency: string;
}) {
  const money = (v: number) => formatMoney(v, props.currency);
  if (!props.servers.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        No calls through the MCP gateway this month.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Spend by server called">
      <TableHead>
        <TableRow>
          <TableCell>Server</TableCell>
          <TableCell>Owner</TableCell>
          <TableCell align="right">Calls</TableCell>
          <TableCell align="right">Errors</TableCell>
          <TableCell align="right">Share of its spend</TableCell>
          <TableCell align="right">Compute</TableCell>
          <TableCell align="right">LLM tokens</TableCell>
          <TableCell align="right">Charged</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.servers.map(server => (
          <TableRow key={server.serverRef}>
            <TableCell component="th" scope="row">
              <EntityRefLink
                entityRef={server.serverRef}
                defaultKind="api"
                title={serverLabel(server)}
              />
            </TableCell>
            <TableCell>
              <TeamCell team={server.ownerTeam} />
            </TableCell>
            <TableCell align="right">{formatCount(server.calls)}</TableCell>
            <TableCell align="right">{formatCount(server.errors)}</TableCell>
            <TableCell align="right">{formatPercent(server.share)}</TableCell>
            <TableCell align="right">{money(server.compute)}</TableCell>
            <TableCell align="right">{money(server.llmTokens)}</TableCell>
            <TableCell align="right">{money(server.total)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
