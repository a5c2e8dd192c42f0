import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  Content,
  Header,
  Page,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { parseSloAnnotation } from '@mcp-platform/plugin-mcp-insights-common';
import useAsync from 'react-use/esm/useAsync';

const SLO_ANNOTATION = 'mcp-platform.io/slo';

interface Row {
  id: string;
  server: string;
  owner: string;
  availability: string;
  latency: string;
  window: string;
}

function toRow(entity: Entity): Row {
  const base = {
    id: stringifyEntityRef(entity),
    server: entity.metadata.title ?? entity.metadata.name,
    owner: String(entity.spec?.owner ?? 'unallocated'),
  };
  const annotation = entity.metadata.annotations?.[SLO_ANNOTATION];
  if (!annotation) {
    return { ...base, availability: 'no SLO set', latency: '', window: '' };
  }
  try {
    const slo = parseSloAnnotation(annotation);
    return {
      ...base,
      availability:
        slo.availabilityTarget !== undefined
          ? `${(slo.availabilityTarget * 100).toFixed(2)} %`
          : '—',
      latency: slo.latency
        ? `p${Math.round(slo.latency.percentile * 100)} ≤ ${
            slo.latency.thresholdMs
          } ms`
        : '—',
      window: `${slo.windowDays} d`,
    };
  } catch (e) {
    return {
      ...base,
      availability: `invalid: ${(e as Error).message}`,
      latency: '',
      window: '',
    };
  }
}

/** The MCP insights page: SLO objectives of every server; cost and SLI figures as they land. */
export function McpInsightsPage() {
  const catalogApi = useApi(catalogApiRef);
  const { value, loading, error } = useAsync(
    () =>
      catalogApi.getEntities({
        filter: { kind: 'API', 'spec.type': 'mcp-server' },
      }),
    [catalogApi],
  );
  const columns: TableColumn<Row>[] = [
    { title: 'Server', field: 'server', highlight: true },
    { title: 'Owner', field: 'owner' },
    { title: 'Availability objective', field: 'availability' },
    { title: 'Latency objective', field: 'latency' },
    { title: 'Window', field: 'window' },
  ];
  return (
    <Page themeId="tool">
      <Header
        title="MCP insights"
        subtitle="Cost and SLOs of every MCP server and team"
      />
      <Content>
        {error ? (
          <ResponseErrorPanel
            error={error}
            title="Could not load MCP servers from the catalog"
          />
        ) : (
          <Table<Row>
            title="Service level objectives"
            isLoading={loading}
            options={{ paging: false, search: false, padding: 'dense' }}
            columns={columns}
            data={(value?.items ?? []).map(toRow)}
          />
        )}
      </Content>
    </Page>
  );
}
