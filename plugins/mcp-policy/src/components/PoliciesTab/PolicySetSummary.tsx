import { InfoCard, StructuredMetadataTable } from '@backstage/core-components';
import { PolicySetInfo } from '@mcp-platform/plugin-mcp-policy-common';
import { EffectChip } from '../common/EffectChip';
import { formatTime } from '../common/formatTime';

/** Which set is enforced, since when, and what happens when no rule decides. */
export function PolicySetSummary(props: { info: PolicySetInfo }) {
  const { info } = props;
  const rules = info.policies.reduce((n, p) => n + p.rules.length, 0);
  return (
    <InfoCard title="Active policy set">
      <StructuredMetadataTable
        dense
        options={{ titleFormat: key => key }}
        metadata={{
          Digest: <code>{info.policySetDigest}</code>,
          'Loaded at': formatTime(info.loadedAt),
          'Last reload attempt': formatTime(info.lastLoadAttemptAt),
          'Tool calls no rule allows': (
            <EffectChip effect={info.toolCallDefault} />
          ),
          'Permissions no rule decides': (
            <EffectChip effect={info.permissionDefault} />
          ),
          Contents: `${info.policies.length} policies, ${rules} rules`,
        }}
      />
    </InfoCard>
  );
}
