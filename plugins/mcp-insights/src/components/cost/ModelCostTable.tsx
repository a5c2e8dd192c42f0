import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { ModelCost } from '@mcp-platform/plugin-mcp-insights-common';
import { formatCount, formatMoney } from '../common/format';

/** Token use and spend per model, most expensive first. */
export function ModelCostTable(props: {
  models: ModelCost[];
  currency: string;
}) {
  if (!props.models.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        No LLM tokens recorded this month.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Token spend by model">
      <TableHead>
        <TableRow>
          <TableCell>Model</TableCell>
          <TableCell align="right">Input tokens</TableCell>
          <TableCell align="right">Output tokens</TableCell>
          <TableCell align="right">Cached tokens</TableCell>
          <TableCell align="right">Cost</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.models.map(model => (
          <TableRow key={model.model}>
            <TableCell component="th" scope="row">
              {model.model}
            </TableCell>
            <TableCell align="right">
              {formatCount(model.inputTokens)}
            </TableCell>
            <TableCell align="right">
              {formatCount(model.outputTokens)}
            </TableCell>
            <TableCell align="right">
              {formatCount(model.cachedTokens)}
            </TableCell>
            <TableCell align="right">
              {formatMoney(model.cost, props.currency)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
