// A bar chart as a list: each row says everything in text (read by screen readers and shown to
// everyone), the bars beside it are decoration (aria-hidden). Keep a table next to it as the
// accessible alternative for comparing numbers.

/**
 * The fill of a segment (styles.css `.bar-chart__fill--…`): patterns as well as colours, so segments
 * stay apart without colour vision and in forced-colours mode.
 */
export type BarFill = 'solid' | 'striped' | 'alert' | 'hatched' | 'accent';

export interface BarSegment {
  value: number;
  fill: BarFill;
}

const fillClass = (fill: BarFill) => `bar-chart__fill--${fill}`;

export interface BarChartRow {
  key: string | number;
  summary: string;
  /** one or more bars; segments are stacked and scaled to `max` */
  bars: Array<{ segments: BarSegment[]; max: number }>;
}

export const percentOf = (part: number, whole: number) =>
  whole > 0 ? Math.max(0, Math.min(100, (part / whole) * 100)) : 0;

export function BarChart({
  rows,
  legend,
}: {
  rows: BarChartRow[];
  legend?: Array<{ label: string; fill: BarFill }>;
}) {
  return (
    <>
      {legend && (
        <ul className="bar-chart__legend" aria-hidden="true">
          {legend.map((entry) => (
            <li key={entry.fill}>
              <span className={`bar-chart__swatch ${fillClass(entry.fill)}`} /> {entry.label}
            </li>
          ))}
        </ul>
      )}
      <ul className="bar-chart">
        {rows.map((row) => (
          <li key={row.key} className="bar-chart__row">
            <span className="bar-chart__label">{row.summary}</span>
            {row.bars.map((bar, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the bars of a row never reorder
              <span key={index} className="bar-chart__bar" aria-hidden="true">
                {bar.segments.map((segment) => (
                  <span
                    key={segment.fill}
                    className={fillClass(segment.fill)}
                    style={{ width: `${percentOf(segment.value, bar.max)}%` }}
                  />
                ))}
              </span>
            ))}
          </li>
        ))}
      </ul>
    </>
  );
}
