import { Fragment, useState } from 'react';
import Box from '@material-ui/core/Box';
import Collapse from '@material-ui/core/Collapse';
import IconButton from '@material-ui/core/IconButton';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import KeyboardArrowDownIcon from '@material-ui/icons/KeyboardArrowDown';
import KeyboardArrowRightIcon from '@material-ui/icons/KeyboardArrowRight';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { ServerCost } from '@mcp-platform/plugin-mcp-insights-common';
import Typography from '@material-ui/core/Typography';
import {
  formatCount,
  formatMoney,
  formatPercent,
  serverLabel,
} from '../common/format';
import { budgetStateLabel } from './ServerBudgetSummary';
import { TeamCell } from './TeamCell';
import { ToolCostTable } from './ToolCostTable';

/** One server of the drill-down; opens to its tools. */
export function ServerCostRow(props: { server: ServerCost; currency: string }) {
  const { server, currency } = props;
  const [open, setOpen] = useState(false);
  const money = (v: number) => formatMoney(v, currency);
  const name = serverLabel(server);
  return (
    <Fragment>
      <TableRow>
        <TableCell padding="checkbox">
          <IconButton
            size="small"
            aria-expanded={open}
            aria-label={`${open ? 'Hide' : 'Show'} tools of ${name}`}
            onClick={() => setOpen(!open)}
          >
            {open ? <KeyboardArrowDownIcon /> : <KeyboardArrowRightIcon />}
          </IconButton>
        </TableCell>
        <TableCell component="th" scope="row">
          <EntityRefLink
            entityRef={server.serverRef}
            defaultKind="api"
            title={name}
          />
        </TableCell>
        <TableCell>
          <TeamCell team={server.team} />
        </TableCell>
        <TableCell align="right">{formatCount(server.calls)}</TableCell>
        <TableCell align="right">{formatCount(server.errors)}</TableCell>
        <TableCell align="right">{money(server.compute)}</TableCell>
        <TableCell align="right">{money(server.llmTokens)}</TableCell>
        <TableCell align="right">{money(server.total)}</TableCell>
        <TableCell align="right">
          {server.budget ? (
            <Typography
              variant="body2"
              color={
                ['over-budget', 'threshold-reached'].includes(
                  server.budget.state,
                )
                  ? 'error'
                  : 'inherit'
              }
              title={budgetStateLabel(server.budget)}
            >
              {formatPercent(server.budget.usedRatio, 0)} of{' '}
              {money(server.budget.monthlyBudget)}
            </Typography>
          ) : (
            '—'
          )}
        </TableCell>
        <TableCell align="right">
          {server.costPer1000Calls === null
            ? '—'
            : money(server.costPer1000Calls)}
        </TableCell>
      </TableRow>
      <TableRow>
        <TableCell style={{ paddingTop: 0, paddingBottom: 0 }} colSpan={10}>
          <Collapse in={open} timeout="auto" unmountOnExit>
            <Box my={1} ml={6}>
              <ToolCostTable
                tools={server.tools}
                currency={currency}
                label={`Tools of ${name}`}
              />
            </Box>
          </Collapse>
        </TableCell>
      </TableRow>
    </Fragment>
  );
}
