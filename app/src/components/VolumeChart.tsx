import { formatShortDate } from '../format';
import { useTranslation } from 'react-i18next';
import type { VolumeReport } from '../../../shared/schemas/tickets';

const WIDTH = 900;
const HEIGHT = 220;
const PAD = { top: 24, right: 8, bottom: 28, left: 8 };

/** Tickets created vs closed per week as paired SVG bars; exact numbers in each bar's title and the table view. */
export function VolumeChart({ weeks }: { weeks: VolumeReport['weeks'] }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...weeks.flatMap((w) => [w.created, w.closed]));
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const slot = (WIDTH - PAD.left - PAD.right) / Math.max(1, weeks.length);
  const barWidth = Math.max(3, Math.min(18, slot * 0.3));
  const labelEvery = Math.ceil(weeks.length / 8);
  const bar = (value: number, x: number, className: string, title: string) => {
    const height = (value / max) * plotHeight;
    return (
      <rect x={x} y={HEIGHT - PAD.bottom - height} width={barWidth} height={Math.max(height, value ? 2 : 0)} rx={2} className={className}>
        <title>{title}</title>
      </rect>
    );
  };
  return (
    <svg className="chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={t('reports.volumeChartLabel', { count: weeks.length, max })}>
      <line x1={PAD.left} x2={WIDTH - PAD.right} y1={PAD.top} y2={PAD.top} className="chart-grid" />
      <text x={PAD.left} y={PAD.top - 8} className="chart-label">{max}</text>
      <line x1={PAD.left} x2={WIDTH - PAD.right} y1={HEIGHT - PAD.bottom} y2={HEIGHT - PAD.bottom} className="chart-axis" />
      {weeks.map((week, index) => {
        const x = PAD.left + index * slot + slot / 2 - barWidth;
        const label = formatShortDate(week.week);
        return (
          <g key={week.week}>
            {bar(week.created, x, 'chart-bar', t('reports.weekCreated', { week: label, count: week.created }))}
            {bar(week.closed, x + barWidth, 'chart-bar closed', t('reports.weekClosed', { week: label, count: week.closed }))}
            {index % labelEvery === 0 && <text x={x + barWidth} y={HEIGHT - 8} textAnchor="middle" className="chart-label">{label}</text>}
          </g>
        );
      })}
    </svg>
  );
}
