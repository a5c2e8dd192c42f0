import Button from '@material-ui/core/Button';
import ButtonGroup from '@material-ui/core/ButtonGroup';
import { CostView } from '../../api';

const VIEWS: { view: CostView; label: string }[] = [
  { view: 'owning', label: 'By owning team' },
  { view: 'consuming', label: 'By consuming team' },
];

/**
 * Whom the cost report charges: the team owning each server, or the teams that called it
 * through the MCP gateway.
 */
export function CostViewToggle(props: {
  value: CostView;
  onChange: (view: CostView) => void;
}) {
  return (
    <ButtonGroup size="small" aria-label="Charge spend to">
      {VIEWS.map(({ view, label }) => (
        <Button
          key={view}
          aria-pressed={props.value === view}
          color={props.value === view ? 'primary' : 'default'}
          variant={props.value === view ? 'contained' : 'outlined'}
          onClick={() => props.onChange(view)}
        >
          {label}
        </Button>
      ))}
    </ButtonGroup>
  );
}
