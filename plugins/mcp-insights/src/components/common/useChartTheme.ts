import { useTheme } from '@material-ui/core/styles';

/**
 * Colours of the charts from the app's theme, so they stay readable in light and dark mode
 * (recharts draws SVG and does not follow the theme on its own).
 */
export function useChartTheme() {
  const { palette, typography } = useTheme();
  return {
    series: {
      compute: palette.primary.main,
      llmTokens: palette.secondary.main,
      other: palette.success.main,
      remaining: palette.primary.main,
      ideal: palette.text.secondary,
      exhausted: palette.error.main,
    },
    axis: {
      stroke: palette.divider,
      tick: { fill: palette.text.secondary, fontSize: 12 },
    },
    grid: palette.divider,
    tooltip: {
      contentStyle: {
        backgroundColor: palette.background.paper,
        border: `1px solid ${palette.divider}`,
        color: palette.text.primary,
        fontFamily: typography.fontFamily,
        fontSize: 13,
      },
      labelStyle: { color: palette.text.primary },
      itemStyle: { color: palette.text.primary },
      cursor: { fill: palette.action.hover },
    },
    legend: { color: palette.text.primary, fontSize: 13 },
  };
}
