import Link from '@material-ui/core/Link';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { TeamCostSummary } from '@mcp-platform/plugin-mcp-insights-common';
import {
  formatChange,
  formatMoney,
  formatPercent,
  teamLabel,
} from '../common/format';

/** The sub-teams whose spend a parent's report includes; picking one opens its report. */
export function ChildTeamTable(props: {
  teams: TeamCostSummary[];
  currency: string;
  onSelect?: (team: string) => void;
}) {
  const money = (v: number) => formatMoney(v, props.currency);
  return (
    <Table size="small" aria-label="Sub-teams">
      <TableHead>
        <TableRow>
          <TableCell>Team</TableCell>
          <TableCell align="right">Spent this month</TableCell>
          <TableCell align="right">Budget</TableCell>
          <TableCell align="right">Used</TableCell>
          <TableCell align="right">Forecast</TableCell>
          <TableCell align="right">Change</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.teams.map(team => {
          const label = teamLabel(team.team, team.title);
          return (
            <TableRow key={team.team}>
              <TableCell component="th" scope="row">
                {props.onSelect ? (
                  <Link
                    component="button"
                    variant="body2"
                    onClick={() => props.onSelect!(team.team)}
                  >
                    {label}
                  </Link>
                ) : (
                  label
                )}
              </TableCell>
              <TableCell align="right">
                {money(team.monthToDate.total)}
              </TableCell>
              <TableCell align="right">
                {team.monthlyBudget === null ? '—' : money(team.monthlyBudget)}
              </TableCell>
              <TableCell align="right">
                {formatPercent(team.usedRatio)}
              </TableCell>
              <TableCell align="right">{money(team.forecast)}</TableCell>
              <TableCell align="right">
                {formatChange(team.changeRatio)}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
