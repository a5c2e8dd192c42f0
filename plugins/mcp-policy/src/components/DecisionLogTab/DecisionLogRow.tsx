import { DecisionLogEntry } from '@mcp-platform/plugin-mcp-policy-common';
import Box from '@material-ui/core/Box';
import Collapse from '@material-ui/core/Collapse';
import IconButton from '@material-ui/core/IconButton';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import KeyboardArrowDownIcon from '@material-ui/icons/KeyboardArrowDown';
import KeyboardArrowUpIcon from '@material-ui/icons/KeyboardArrowUp';
import { useState } from 'react';
import { EffectChip } from '../common/EffectChip';
import { FiredRuleList } from '../common/FiredRuleList';
import { formatTime } from '../common/formatTime';

const COLUMNS = 7;

/** One decision; expands to its fired rules, their messages and errors, and its digests. */
export function DecisionLogRow(props: { entry: DecisionLogEntry }) {
  const { entry } = props;
  const [open, setOpen] = useState(false);
  return (
    <>
      <TableRow hover>
        <TableCell padding="checkbox">
          <IconButton
            size="small"
            aria-label={`${open ? 'Hide' : 'Show'} the rules of ${
              entry.subject
            }`}
            aria-expanded={open}
            onClick={() => setOpen(!open)}
          >
            {open ? <KeyboardArrowUpIcon /> : <KeyboardArrowDownIcon />}
          </IconButton>
        </TableCell>
        <TableCell style={{ whiteSpace: 'nowrap' }}>
          {formatTime(entry.decidedAt)}
        </TableCell>
        <TableCell>{entry.kind}</TableCell>
        <TableCell>
          <code>{entry.subject}</code>
        </TableCell>
        <TableCell>{entry.user ?? '—'}</TableCell>
        <TableCell>
          <EffectChip effect={entry.result} />
        </TableCell>
        <TableCell>
          {entry.rules.length === 0
            ? entry.reason ?? '—'
            : entry.rules.map(r => r.rule).join(', ')}
        </TableCell>
      </TableRow>
      <TableRow>
        <TableCell
          colSpan={COLUMNS}
          style={{ paddingTop: 0, paddingBottom: 0, borderBottom: 'none' }}
        >
          <Collapse in={open} timeout="auto" unmountOnExit>
            <Box py={2}>
              <FiredRuleList
                rules={entry.rules}
                empty="No rule fired: the default decided."
              />
              <Typography
                variant="caption"
                color="textSecondary"
                display="block"
              >
                Asked by {entry.principal}
                {entry.reason && <> · reason {entry.reason}</>} · input{' '}
                <code>{entry.inputDigest}</code> · policy set{' '}
                <code>{entry.policySetDigest}</code> · id {entry.id}
              </Typography>
            </Box>
          </Collapse>
        </TableCell>
      </TableRow>
    </>
  );
}
