import Typography from '@material-ui/core/Typography';
import { SloObjectiveStatus } from '@mcp-platform/plugin-mcp-insights-common';
import { objectiveLabel, sliLabel } from './objectiveLabel';

/** Each objective with its current SLI, one per line. */
export function ObjectiveList(props: { objectives: SloObjectiveStatus[] }) {
  return (
    <>
      {props.objectives.map(o => (
        <Typography key={o.id} variant="body2" component="div">
          {objectiveLabel(o)}{' '}
          <Typography variant="body2" component="span" color="textSecondary">
            · {sliLabel(o)} over {o.windowDays} d
          </Typography>
        </Typography>
      ))}
    </>
  );
}
