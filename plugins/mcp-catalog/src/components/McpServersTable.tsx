import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  Link,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  catalogApiRef,
  EntityRefLink,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  ANNOTATION_DATA_CLASSIFICATION,
  MCP_SERVER_API_TYPE,
} from '@mcp-platform/plugin-mcp-catalog-common';
import useAsync from 'react-use/esm/useAsync';

interface Row {
  id: string;
  entity: Entity;
  title: string;
  owner: string;
  lifecycle: string;
  transports: string;
  url: string;
  classification: string;
}

function toRow(entity: Entity): Row {
  const remotes = (entity.spec?.remotes ?? []) as {
    type?: string;
    url?: string;
  }[];
  return {
    id: stringifyEntityRef(entity),
    entity,
    title: entity.metadata.title ?? entity.metadata.name,
    owner: String(entity.spec?.owner ?? ''),
    lifecycle: String(entity.spec?.lifecycle ?? ''),
    transports: remotes.map(r => r.type).join(', '),
    url: remotes[0]?.url ?? '',
    classification:
      entity.metadata.annotations?.[ANNOTATION_DATA_CLASSIFICATION] ??
      'unclassified',
  };
}

/** Every `mcp-server` API of the catalog, with owner, lifecycle and transports. */
export function McpServersTable() {
  const catalogApi = useApi(catalogApiRef);
  const entityRoute = useRouteRef(entityRouteRef);
  const { value, loading, error } = useAsync(
    () =>
      catalogApi.getEntities({
        filter: { kind: 'API', 'spec.type': MCP_SERVER_API_TYPE },
        order: { field: 'metadata.name', order: 'asc' },
      }),
    [catalogApi],
  );

  if (error) {
    return (
      <ResponseErrorPanel
        error={error}
        title="Could not load MCP servers from the catalog"
      />
    );
  }

  const columns: TableColumn<Row>[] = [
    {
      title: 'Server',
      field: 'title',
      highlight: true,
      render: row => (
        <Link
          to={entityRoute({
            namespace: row.entity.metadata.namespace ?? 'default',
            kind: 'api',
            name: row.entity.metadata.name,
          })}
        >
          {row.title}
        </Link>
      ),
    },
    {
      title: 'Owner',
      field: 'owner',
      render: row => (
        <EntityRefLink entityRef={row.owner} defaultKind="group" />
      ),
    },
    { title: 'Lifecycle', field: 'lifecycle' },
    { title: 'Data', field: 'classification' },
    { title: 'Transports', field: 'transports' },
    { title: 'Endpoint', field: 'url' },
  ];

  return (
    <Table<Row>
      title={`MCP servers (${value?.items.length ?? 0})`}
      isLoading={loading}
      options={{ paging: true, pageSize: 20, search: true, padding: 'dense' }}
      columns={columns}
      data={(value?.items ?? []).map(toRow)}
      emptyContent={
        <div style={{ padding: 16 }}>
          No MCP servers yet. Register an <code>API</code> entity with{' '}
          <code>spec.type: mcp-server</code> and <code>spec.remotes</code>, or
          create one from the MCP server template.
        </div>
      }
    />
  );
}
