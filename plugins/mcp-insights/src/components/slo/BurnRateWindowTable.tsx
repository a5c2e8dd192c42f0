import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { BurnRateAlertWindow } from '@mcp-platform/plugin-mcp-insights-common';
import { formatBurnRate } from '../common/format';
import { BurnRateChip } from './BurnRateChip';

/** The four multiwindow burn-rate conditions of an objective and which of them fire. */
export function BurnRateWindowTable(props: {
  windows: BurnRateAlertWindow[];
  label: string;
}) {
  return (
    <Table size="small" aria-label={props.label}>
      <TableHead>
        <TableRow>
          <TableCell>Alert</TableCell>
          <TableCell>Windows</TableCell>
          <TableCell align="right">Threshold</TableCell>
          <TableCell align="right">Long window</TableCell>
          <TableCell align="right">Short window</TableCell>
          <TableCell>Firing</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.windows.map(w => (
          <TableRow key={`${w.longWindow}/${w.shortWindow}`}>
            <TableCell>{w.severity}</TableCell>
            <TableCell>
              {w.longWindow} / {w.shortWindow}
            </TableCell>
            <TableCell align="right">{w.factor}×</TableCell>
            <TableCell align="right">
              {formatBurnRate(w.longBurnRate)}
            </TableCell>
            <TableCell align="right">
              {formatBurnRate(w.shortBurnRate)}
            </TableCell>
            <TableCell>
              {w.firing ? <BurnRateChip status={w.severity} /> : 'no'}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
