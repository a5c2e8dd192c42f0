import Typography from '@material-ui/core/Typography';
import { BurnDownPoint } from '@mcp-platform/plugin-mcp-insights-common';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { ChartFrame } from '../common/ChartFrame';
import { formatPercent } from '../common/format';
import { useChartTheme } from '../common/useChartTheme';

const day = (ms: number) =>
  new Date(ms).toLocaleDateString('en-US', {
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });

/** Error budget left over the window, against an even spend of the budget. */
export function BurnDownChart(props: {
  points: BurnDownPoint[];
  label: string;
}) {
  const chart = useChartTheme();
  if (!props.points.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        No calls in the window yet: the burn-down starts with the first call.
      </Typography>
    );
  }
  const data = props.points.map(p => ({
    time: Date.parse(p.timestamp),
    remaining: p.remaining,
    ideal: p.ideal,
  }));
  const percent = (v: unknown) => formatPercent(Number(v), 0);
  return (
    <ChartFrame height={240} label={props.label}>
      <LineChart data={data} margin={{ top: 8, right: 16, left: 8 }}>
        <CartesianGrid stroke={chart.grid} vertical={false} />
        <XAxis
          dataKey="time"
          type="number"
          scale="time"
          domain={['dataMin', 'dataMax']}
          tickFormatter={day}
          stroke={chart.axis.stroke}
          tick={chart.axis.tick}
        />
        <YAxis
          tickFormatter={percent}
          domain={[(min: number) => Math.min(0, min), 1]}
          stroke={chart.axis.stroke}
          tick={chart.axis.tick}
        />
        <ReferenceLine y={0} stroke={chart.series.exhausted} />
        <Tooltip
          labelFormatter={v => new Date(Number(v)).toUTCString()}
          formatter={v => formatPercent(Number(v))}
          contentStyle={chart.tooltip.contentStyle}
          labelStyle={chart.tooltip.labelStyle}
          itemStyle={chart.tooltip.itemStyle}
        />
        <Legend wrapperStyle={chart.legend} />
        <Line
          type="monotone"
          dataKey="remaining"
          name="Budget left"
          stroke={chart.series.remaining}
          strokeWidth={2}
          dot={false}
          isAnimationActive={false}
        />
        <Line
          type="linear"
          dataKey="ideal"
          name="Even spend"
          stroke={chart.series.ideal}
          strokeDasharray="4 4"
          dot={false}
          isAnimationActive={false}
        />
      </LineChart>
    </ChartFrame>
  );
}
