import { Link } from '@backstage/core-components';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { ANNOTATION_SLO } from '@mcp-platform/plugin-mcp-catalog-common';
import { SloServerSummary } from '@mcp-platform/plugin-mcp-insights-common';
import { TeamCell } from '../cost/TeamCell';
import { formatCount, formatDuration, serverLabel } from '../common/format';
import { useInsightsPaths } from '../common/paths';
import { BurnRateChip } from './BurnRateChip';
import { ErrorBudgetBar } from './ErrorBudgetBar';
import { ObjectiveList } from './ObjectiveList';
import { soonestExhaustion } from './objectiveLabel';
import { sortByBudget } from './sortByBudget';

/** Every server's SLOs, least remaining error budget first. */
export function SloServerTable(props: { items: SloServerSummary[] }) {
  const paths = useInsightsPaths();
  return (
    <Table size="small" aria-label="Service level objectives by server">
      <TableHead>
        <TableRow>
          <TableCell>Server</TableCell>
          <TableCell>Team</TableCell>
          <TableCell>Status</TableCell>
          <TableCell>Objectives and current SLI</TableCell>
          <TableCell>Error budget left</TableCell>
          <TableCell>Time to exhaustion</TableCell>
          <TableCell align="right">Calls</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {sortByBudget(props.items).map(server => {
          const noSlo = server.objectives.length === 0;
          return (
            <TableRow key={server.serverRef}>
              <TableCell component="th" scope="row">
                <Link to={paths.sloServer(server.serverRef)}>
                  {serverLabel(server)}
                </Link>
              </TableCell>
              <TableCell>
                <TeamCell team={server.team} />
              </TableCell>
              <TableCell>
                <BurnRateChip status={server.status} noSlo={noSlo} />
              </TableCell>
              <TableCell>
                {noSlo ? (
                  <Typography variant="body2" color="textSecondary">
                    {server.definitionError
                      ? `Invalid SLO "${server.definition}": ${server.definitionError}`
                      : `No SLO: set the ${ANNOTATION_SLO} annotation, e.g. availability=99.9,latency-p95=2000ms`}
                  </Typography>
                ) : (
                  <ObjectiveList objectives={server.objectives} />
                )}
              </TableCell>
              <TableCell>
                {noSlo ? (
                  '—'
                ) : (
                  <ErrorBudgetBar remaining={server.errorBudgetRemaining} />
                )}
              </TableCell>
              <TableCell>
                {noSlo
                  ? '—'
                  : formatDuration(soonestExhaustion(server.objectives))}
              </TableCell>
              <TableCell align="right" style={{ whiteSpace: 'nowrap' }}>
                {formatCount(server.calls)}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
