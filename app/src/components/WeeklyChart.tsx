import { formatDuration, formatShortDate } from '../format';
import { useTranslation } from 'react-i18next';
import type { ResolutionReport } from '../../../shared/schemas/tickets';

const WIDTH = 900;
const HEIGHT = 220;
const PAD = { top: 24, right: 8, bottom: 28, left: 8 };

/** Median resolution time per week as plain SVG bars (no chart library); the exact numbers are in each bar's title. */
export function WeeklyChart({ weeks }: { weeks: ResolutionReport['weeks'] }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...weeks.map((w) => w.medianSeconds ?? 0));
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotWidth / Math.max(1, weeks.length);
  const barWidth = Math.max(4, Math.min(40, slot * 0.6));
  const labelEvery = Math.ceil(weeks.length / 8);

  return (
    <svg
      className="chart"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={t('reports.resolutionChartLabel', { count: weeks.length, max: formatDuration(max) })}
    >
      <line x1={PAD.left} x2={WIDTH - PAD.right} y1={PAD.top} y2={PAD.top} className="chart-grid" />
      <text x={PAD.left} y={PAD.top - 8} className="chart-label">
        {formatDuration(max)}
      </text>
      <line x1={PAD.left} x2={WIDTH - PAD.right} y1={HEIGHT - PAD.bottom} y2={HEIGHT - PAD.bottom} className="chart-axis" />
      {weeks.map((week, index) => {
        const value = week.medianSeconds ?? 0;
        const height = (value / max) * plotHeight;
        const x = PAD.left + index * slot + (slot - barWidth) / 2;
        const y = HEIGHT - PAD.bottom - height;
        return (
          <g key={week.weekStart}>
            <rect x={x} y={y} width={barWidth} height={Math.max(height, week.count ? 2 : 0)} rx={3} className="chart-bar">
              <title>
                {t('reports.weekResolution', { week: formatShortDate(week.weekStart), count: week.count, median: formatDuration(week.medianSeconds) })}
              </title>
            </rect>
            {week.count > 0 && (
              <text x={x + barWidth / 2} y={y - 4} textAnchor="middle" className="chart-count">
                {week.count}
              </text>
            )}
            {index % labelEvery === 0 && (
              <text x={x + barWidth / 2} y={HEIGHT - 8} textAnchor="middle" className="chart-label">
                {formatShortDate(week.weekStart)}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
