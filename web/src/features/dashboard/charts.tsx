import type { ReactNode } from 'react';
import { Card, Group as MGroup, Text, Title } from '@mantine/core';
import { Group } from '@visx/group';
import { scaleLinear } from '@visx/scale';
import { Bar } from '@visx/shape';
import stats from '../public/stats.module.css';

/** Colours of the series, told apart in the legend and, for screen readers, by the table. */
export const SERIES_COLORS = [
  'var(--mantine-color-blue-8)',
  'var(--mantine-color-teal-8)',
  'var(--mantine-color-orange-8)',
  'var(--mantine-color-grape-8)',
  'var(--mantine-color-red-8)',
  'var(--mantine-color-gray-7)',
  'var(--mantine-color-cyan-9)',
  'var(--mantine-color-lime-9)',
  'var(--mantine-color-pink-8)',
  'var(--mantine-color-indigo-8)',
  'var(--mantine-color-yellow-8)',
  'var(--mantine-color-violet-8)',
];

export interface Series {
  label: string;
}

export interface ChartRow {
  label: string;
  /** One value per series (non-negative). */
  values: number[];
  /** The values as the table shows them (money, counts in the user's language). */
  shown: string[];
}

const WIDTH = 480;
const BAR = 12;

/**
 * Horizontal bars, one group per row and one bar per series (`stacked`: one bar per row, the
 * series end to end). The SVG is a picture of the table under it, which screen readers read instead.
 */
function Bars({ rows, series, stacked }: { rows: ChartRow[]; series: Series[]; stacked: boolean }) {
  const rowHeight = 20 + (stacked ? BAR + 4 : series.length * (BAR + 2)) + 8;
  const max = Math.max(1, ...rows.map((r) => (stacked ? r.values.reduce((a, b) => a + b, 0) : Math.max(...r.values))));
  const x = scaleLinear<number>({ domain: [0, max], range: [0, WIDTH - 8] });
  return (
    <svg
      aria-hidden="true"
      role="presentation"
      viewBox={`0 0 ${WIDTH} ${rows.length * rowHeight}`}
      width="100%"
      style={{ maxWidth: WIDTH * 1.25 }}
    >
      {rows.map((r, i) => {
        let offset = 0;
        return (
          <Group key={r.label} top={i * rowHeight}>
            <text x={0} y={13} fontSize={12} fill="var(--mantine-color-gray-9)">
              {r.label}
            </text>
            {r.values.map((v, s) => {
              const width = Math.max(v > 0 ? 2 : 0, x(v));
              const bar = (
                <Bar
                  key={s}
                  x={stacked ? offset : 0}
                  y={stacked ? 20 : 20 + s * (BAR + 2)}
                  width={width}
                  height={BAR}
                  fill={SERIES_COLORS[s % SERIES_COLORS.length]}
                />
              );
              offset += stacked ? x(v) : 0;
              return bar;
            })}
          </Group>
        );
      })}
    </svg>
  );
}

/** A chart with its legend and its table (the table is the content; the chart draws it). */
export function ChartTable(props: {
  title: string;
  caption?: string;
  rowHeader: string;
  series: Series[];
  rows: ChartRow[];
  stacked?: boolean;
  empty: string;
  footer?: ReactNode;
  testId?: string;
}) {
  const { title, caption, rowHeader, series, rows, stacked = false, empty, footer, testId } = props;
  return (
    <Card withBorder component="figure" m={0} data-testid={testId}>
      <figcaption>
        <Title order={2} size="h4" mb={4}>
          {title}
        </Title>
        {caption && (
          <Text size="sm" mb="xs">
            {caption}
          </Text>
        )}
      </figcaption>
      {rows.length === 0 ? (
        <Text size="sm">{empty}</Text>
      ) : (
        <>
          {series.length > 1 && (
            <MGroup gap="md" aria-hidden="true" mb={4}>
              {series.map((s, i) => (
                <MGroup key={s.label} gap={4}>
                  <span
                    style={{
                      display: 'inline-block',
                      width: 12,
                      height: 12,
                      background: SERIES_COLORS[i % SERIES_COLORS.length],
                    }}
                  />
                  <Text size="xs">{s.label}</Text>
                </MGroup>
              ))}
            </MGroup>
          )}
          <Bars rows={rows} series={series} stacked={stacked} />
          {/* Scrolls sideways on a phone rather than widening the page; reachable by keyboard. */}
          <div style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label={title}>
            <table className={stats.table}>
              <thead>
                <tr>
                  <th scope="col">{rowHeader}</th>
                  {series.map((s) => (
                    <th key={s.label} scope="col" className={stats.number}>
                      {s.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.label}>
                    <th scope="row" style={{ fontWeight: 400 }}>
                      {r.label}
                    </th>
                    {r.shown.map((v, i) => (
                      <td key={i} className={stats.number}>
                        {v}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {footer}
    </Card>
  );
}
