import { CostBreakdown } from '@mcp-platform/plugin-mcp-insights-common';
import { formatMoney } from '../common/format';

/** `Compute … · LLM tokens … · Other …`, leaving out a zero "other". */
export function CostBreakdownCaption(props: {
  breakdown: CostBreakdown;
  currency: string;
}) {
  const { breakdown, currency } = props;
  const parts = [
    `Compute ${formatMoney(breakdown.compute, currency)}`,
    `LLM tokens ${formatMoney(breakdown.llmTokens, currency)}`,
  ];
  if (breakdown.other > 0) {
    parts.push(`Other ${formatMoney(breakdown.other, currency)}`);
  }
  return <>{parts.join(' · ')}</>;
}
