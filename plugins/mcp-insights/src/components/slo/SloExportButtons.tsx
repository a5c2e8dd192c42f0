import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import { mcpInsightsApiRef } from '../../api';
import { DownloadButton } from '../common/DownloadButton';

/** Prometheus rules for the SLOs (one server's, or all), and a server's Grafana dashboard. */
export function SloExportButtons(props: { serverRef?: string }) {
  const api = useApi(mcpInsightsApiRef);
  const { serverRef } = props;
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
      <DownloadButton
        what="the Prometheus rules"
        fetchFile={() => api.exportPrometheusRules({ serverRef })}
      >
        Prometheus rules
      </DownloadButton>
      {serverRef && (
        <DownloadButton
          what="the Grafana dashboard"
          fetchFile={() => api.exportGrafanaDashboard(serverRef)}
        >
          Grafana dashboard JSON
        </DownloadButton>
      )}
    </Box>
  );
}
