import { DailyCost } from '@mcp-platform/plugin-mcp-insights-common';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { ChartFrame } from '../common/ChartFrame';
import { formatMoney } from '../common/format';
import { useChartTheme } from '../common/useChartTheme';

const SERIES = [
  { key: 'compute', name: 'Compute' },
  { key: 'llmTokens', name: 'LLM tokens' },
  { key: 'other', name: 'Other' },
] as const;

/** Spend per day, stacked by category; the last day of the current month is partial. */
export function DailyCostChart(props: {
  daily: DailyCost[];
  currency: string;
}) {
  const chart = useChartTheme();
  const money = (v: unknown) => formatMoney(Number(v), props.currency);
  // "Other" only when something was pushed with a cost, so the legend stays short.
  const series = SERIES.filter(
    s => s.key !== 'other' || props.daily.some(d => d.other > 0),
  );
  return (
    <ChartFrame height={280} label="Daily spend by category">
      <BarChart data={props.daily} margin={{ top: 8, right: 16, left: 8 }}>
        <CartesianGrid stroke={chart.grid} vertical={false} />
        <XAxis
          dataKey="date"
          tickFormatter={(d: string) => String(Number(d.slice(8)))}
          stroke={chart.axis.stroke}
          tick={chart.axis.tick}
        />
        <YAxis
          width={80}
          tickFormatter={money}
          stroke={chart.axis.stroke}
          tick={chart.axis.tick}
        />
        <Tooltip
          formatter={money}
          contentStyle={chart.tooltip.contentStyle}
          labelStyle={chart.tooltip.labelStyle}
          itemStyle={chart.tooltip.itemStyle}
          cursor={chart.tooltip.cursor}
        />
        <Legend wrapperStyle={chart.legend} />
        {series.map(s => (
          <Bar
            key={s.key}
            dataKey={s.key}
            name={s.name}
            stackId="cost"
            fill={chart.series[s.key]}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </ChartFrame>
  );
}
