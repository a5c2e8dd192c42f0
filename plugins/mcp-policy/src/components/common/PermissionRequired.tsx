import { EmptyState } from '@backstage/core-components';

/** Shown instead of a raw 403: which permission is missing and who grants it. */
export function PermissionRequired(props: {
  permission: string;
  purpose: string;
}) {
  return (
    <EmptyState
      missing="info"
      title={`You need the ${props.permission} permission (platform team)`}
      description={`${props.purpose} Ask the platform team to grant you ${props.permission}.`}
    />
  );
}
