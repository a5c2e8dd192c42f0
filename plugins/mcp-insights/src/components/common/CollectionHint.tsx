import { useApi } from '@backstage/frontend-plugin-api';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { mcpInsightsApiRef } from '../../api';

/** One line on how usage is collected and whether it works, to explain missing figures. */
export function CollectionHint() {
  const api = useApi(mcpInsightsApiRef);
  const { value } = useAsync(() => api.getCollectionStatus(), [api]);
  if (!value) return null;
  const failing = value.targets.filter(t => t.lastError);
  const source =
    value.source === 'prometheus'
      ? 'Usage is read from Prometheus'
      : `Usage is scraped from the /metrics of ${value.targets.length} server${
          value.targets.length === 1 ? '' : 's'
        }`;
  const lastRun = value.lastRunAt
    ? `; last run ${new Date(value.lastRunAt).toLocaleString()}`
    : '; no collection run yet';
  return (
    <Typography
      variant="body2"
      color="textSecondary"
      component="span"
      display="block"
    >
      {source}
      {lastRun}.
      {failing.length > 0 &&
        ` Failing: ${failing
          .slice(0, 3)
          .map(t => `${t.target} (${t.lastError})`)
          .join(', ')}${
          failing.length > 3 ? ` and ${failing.length - 3} more` : ''
        }.`}
    </Typography>
  );
}
