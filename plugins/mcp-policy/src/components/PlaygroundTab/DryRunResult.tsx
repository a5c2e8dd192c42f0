import { DryRunResponse } from '@mcp-platform/plugin-mcp-policy-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { EffectChip } from '../common/EffectChip';
import { FiredRuleList } from '../common/FiredRuleList';
import { formatTime } from '../common/formatTime';

function Count(props: { label: string; value: number }) {
  return (
    <Grid item xs={6} md={3}>
      <Paper variant="outlined" style={{ padding: 12 }}>
        <Typography variant="h5" component="p">
          {props.value}
        </Typography>
        <Typography variant="body2" color="textSecondary">
          {props.label}
        </Typography>
      </Paper>
    </Grid>
  );
}

/** What the candidate policies would have decided differently. */
export function DryRunResult(props: { result: DryRunResponse }) {
  const { result } = props;
  return (
    <Box>
      <Grid container spacing={2}>
        <Count label="replayed" value={result.replayed} />
        <Count label="unchanged" value={result.unchanged} />
        <Count label="newly denied" value={result.newlyDenied} />
        <Count label="newly allowed" value={result.newlyAllowed} />
      </Grid>
      <Typography variant="caption" color="textSecondary" display="block">
        Candidate set <code>{result.candidateDigest}</code>
      </Typography>
      <Box mt={2}>
        {result.replayed === 0 && (
          <Typography variant="body2">
            No recorded decision in this period to replay: widen the period or
            the kind.
          </Typography>
        )}
        {result.replayed > 0 && result.changes.length === 0 && (
          <Typography variant="body2">
            No recorded decision would come out differently.
          </Typography>
        )}
        {result.changes.length > 0 && (
          <Table size="small" aria-label="Changed decisions">
            <TableHead>
              <TableRow>
                <TableCell>Decided</TableCell>
                <TableCell>Kind</TableCell>
                <TableCell>Subject</TableCell>
                <TableCell>Was → would be</TableCell>
                <TableCell>Rules of the candidate</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {result.changes.map(c => (
                <TableRow key={c.decisionId}>
                  <TableCell>{formatTime(c.decidedAt)}</TableCell>
                  <TableCell>{c.kind}</TableCell>
                  <TableCell>
                    <code>{c.subject}</code>
                  </TableCell>
                  <TableCell style={{ whiteSpace: 'nowrap' }}>
                    <EffectChip effect={c.before} /> →{' '}
                    <EffectChip effect={c.after} />
                  </TableCell>
                  <TableCell>
                    <FiredRuleList rules={c.rules} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Box>
    </Box>
  );
}
