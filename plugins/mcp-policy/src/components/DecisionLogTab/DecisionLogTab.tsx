import { EmptyState, Progress } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { useState } from 'react';
import { RequestErrorPanel } from '../common/RequestErrorPanel';
import {
  DecisionLogFilters,
  DecisionLogFilterValues,
} from './DecisionLogFilters';
import { DecisionLogRow } from './DecisionLogRow';
import { useDecisionLog } from './useDecisionLog';

/** Every recorded decision, newest first, filterable, each expandable to its rules. */
export function DecisionLogTab() {
  const [filter, setFilter] = useState<DecisionLogFilterValues>({});
  const log = useDecisionLog(filter);
  const filtered = Object.values(filter).some(v => v !== undefined);

  let body: JSX.Element;
  if (log.loading) {
    body = <Progress />;
  } else if (log.error && log.items.length === 0) {
    body = (
      <RequestErrorPanel
        error={log.error}
        title="Could not load the decision log"
        permission={{
          name: 'mcp.policy.decisions.read',
          purpose:
            'The decision log shows who was allowed or denied what, so reading it is restricted.',
        }}
      />
    );
  } else if (log.items.length === 0) {
    body = (
      <EmptyState
        missing="data"
        title={
          filtered
            ? 'No decisions match these filters'
            : 'No decisions recorded yet'
        }
        description={
          filtered
            ? 'Clear a filter, or check the spelling of refs (user:default/jane).'
            : 'Enforced deployment, tool-call and permission decisions appear here; playground evaluations are not recorded.'
        }
      />
    );
  } else {
    body = (
      <>
        <Table size="small" aria-label="Decision log">
          <TableHead>
            <TableRow>
              <TableCell padding="checkbox" />
              <TableCell>Decided</TableCell>
              <TableCell>Kind</TableCell>
              <TableCell>Subject</TableCell>
              <TableCell>User</TableCell>
              <TableCell>Result</TableCell>
              <TableCell>Rules</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {log.items.map(entry => (
              <DecisionLogRow key={entry.id} entry={entry} />
            ))}
          </TableBody>
        </Table>
        {log.error && (
          <RequestErrorPanel
            error={log.error}
            title="Could not load more decisions"
          />
        )}
        <Box mt={2} display="flex" justifyContent="center">
          {log.nextCursor ? (
            <Button
              variant="outlined"
              onClick={log.loadMore}
              disabled={log.loadingMore}
            >
              {log.loadingMore ? 'Loading…' : 'Load more'}
            </Button>
          ) : (
            <Box color="text.secondary">
              {`${log.items.length} decisions: that is all`}
            </Box>
          )}
        </Box>
      </>
    );
  }

  return (
    <Paper style={{ padding: 16 }}>
      <Box mb={2}>
        <DecisionLogFilters value={filter} onChange={setFilter} />
      </Box>
      {body}
    </Paper>
  );
}
