import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import {
  BurnRateStatus,
  SloListResponse,
} from '@mcp-platform/plugin-mcp-insights-common';

const STATUSES: { status: BurnRateStatus; label: string }[] = [
  { status: 'page', label: 'Page' },
  { status: 'ticket', label: 'Ticket' },
  { status: 'ok', label: 'OK' },
];

/** How many servers are in each burn-rate status; picking one shows only those. */
export function SloStatusFilter(props: {
  counts: SloListResponse['counts'];
  value?: BurnRateStatus;
  onChange: (status?: BurnRateStatus) => void;
}) {
  const { counts, value, onChange } = props;
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      style={{ gap: 8 }}
      role="group"
      aria-label="Filter by burn-rate status"
    >
      <Chip
        label={`All ${counts.page + counts.ticket + counts.ok + counts.noSlo}`}
        color={value ? 'default' : 'primary'}
        clickable
        onClick={() => onChange(undefined)}
        aria-pressed={!value}
      />
      {STATUSES.map(({ status, label }) => (
        <Chip
          key={status}
          label={`${label} ${counts[status]}`}
          color={value === status ? 'primary' : 'default'}
          clickable
          onClick={() => onChange(value === status ? undefined : status)}
          aria-pressed={value === status}
        />
      ))}
      {counts.noSlo > 0 && (
        <Chip variant="outlined" label={`No SLO ${counts.noSlo}`} />
      )}
    </Box>
  );
}
