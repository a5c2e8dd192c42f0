import {
  AccessDecisionReason,
  EvaluateToolCallsResponse,
} from '@mcp-platform/plugin-mcp-policy-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { EffectChip } from '../common/EffectChip';
import { FiredRuleList } from '../common/FiredRuleList';

const REASONS: Record<AccessDecisionReason, string> = {
  'deny-rule': 'a deny rule matched',
  'allow-rule': 'an allow rule matched',
  default: 'no rule decided: the default applies',
  error: 'a rule failed to evaluate: fails closed',
};

/** One row per tool: may the user call it, why, and the rules that fired. */
export function ToolCallDecisionsTable(props: {
  response: EvaluateToolCallsResponse;
}) {
  const { response } = props;
  return (
    <>
      <Typography variant="subtitle2" gutterBottom>
        Decisions for <code>{response.user}</code> (not recorded in the log)
      </Typography>
      <Table size="small" aria-label="Tool-call decisions">
        <TableHead>
          <TableRow>
            <TableCell>Tool</TableCell>
            <TableCell>Decision</TableCell>
            <TableCell>Reason</TableCell>
            <TableCell>Message</TableCell>
            <TableCell>Fired rules</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {response.decisions.map(d => (
            <TableRow key={`${d.server}#${d.tool}`}>
              <TableCell>
                <code>
                  {d.server}#{d.tool}
                </code>
              </TableCell>
              <TableCell>
                <EffectChip effect={d.result} />
              </TableCell>
              <TableCell>{REASONS[d.reason] ?? d.reason}</TableCell>
              <TableCell>{d.message}</TableCell>
              <TableCell>
                <FiredRuleList rules={d.rules} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}
