import { Card, SimpleGrid, Text, Title } from '@mantine/core';
import { Group } from '@visx/group';
import { scaleLinear } from '@visx/scale';
import { Bar } from '@visx/shape';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import type { StatisticsChartsFragment } from '../../gql/graphql';
import { formatMoney, formatNumber } from '../../app/format';
import classes from './stats.module.css';

export const StatisticsChartsFragmentDoc = graphql(`
  fragment StatisticsCharts on PublicStatistics {
    contributionsByYear {
      year
      donors
      amount {
        amount
        currency
      }
    }
    grantsByYear {
      key
      count
      amount {
        amount
        currency
      }
    }
    victims {
      total
      reportsCounted
      bySex {
        key
        value
      }
      byAgeGroup {
        key
        value
      }
      byExploitation {
        key
        value
      }
      byAssistance {
        key
        value
      }
    }
  }
`);

/** "<5" is what the API publishes for a suppressed cell: it is never drawn or shown as a number. */
export const SUPPRESSED = '<5';

interface Row {
  label: string;
  /** null: suppressed, drawn as an outline labelled "fewer than 5", never as a number. */
  value: number | null;
  shown: string;
}

const WIDTH = 400;
const ROW = 40;

/** One labelled bar per row; the SVG scales to the card's width (viewBox), phones included. */
function HorizontalBars({ rows }: { rows: Row[] }) {
  const max = Math.max(1, ...rows.map((r) => r.value ?? 0));
  const x = scaleLinear<number>({ domain: [0, max], range: [0, WIDTH - 8] });
  return (
    <svg aria-hidden="true" viewBox={`0 0 ${WIDTH} ${rows.length * ROW}`} width="100%" role="presentation">
      {rows.map((r, i) => (
        <Group key={r.label} top={i * ROW}>
          <text x={0} y={13} fontSize={12} fill="var(--mantine-color-gray-9)">
            {r.label}: {r.shown}
          </text>
          {r.value === null ? (
            <Bar
              x={0.5}
              y={18.5}
              width={40}
              height={14}
              fill="none"
              stroke="var(--mantine-color-gray-7)"
              strokeDasharray="3 2"
            />
          ) : (
            <Bar
              x={0}
              y={18}
              width={Math.max(r.value > 0 ? 2 : 0, x(r.value))}
              height={15}
              fill="var(--mantine-color-blue-8)"
            />
          )}
        </Group>
      ))}
    </svg>
  );
}

/** A third column of the table (e.g. the donors of each year), suppressed cells already in words. */
interface Extra {
  header: string;
  values: string[];
}

function ChartCard({ title, rows, unit, extra }: { title: string; rows: Row[]; unit?: string; extra?: Extra }) {
  const { t } = useTranslation();
  return (
    <Card withBorder component="figure" m={0}>
      <Title order={3} size="h5" mb="xs" component="figcaption">
        {title}
      </Title>
      {rows.length === 0 ? (
        <Text size="sm">{t('stats.noData')}</Text>
      ) : (
        <>
          {/* The chart is a picture of the table below, which screen readers read instead. */}
          <HorizontalBars rows={rows} />
          <table className={classes.table}>
            <thead>
              <tr>
                <th scope="col">{t('stats.category')}</th>
                <th scope="col" className={classes.number}>
                  {unit ?? t('stats.count')}
                </th>
                {extra && (
                  <th scope="col" className={classes.number}>
                    {extra.header}
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={r.label}>
                  <td>{r.label}</td>
                  <td className={classes.number}>{r.shown}</td>
                  {extra && <td className={classes.number}>{extra.values[i]}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Card>
  );
}

export default function StatisticsCharts({ data }: { data: StatisticsChartsFragment }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const cells = (dim: 'sex' | 'age' | 'exploitation' | 'assistance', list: { key: string; value: string }[]): Row[] =>
    list.map((c) => {
      const suppressed = c.value === SUPPRESSED;
      return {
        label: t(`stats.keys.${dim}.${c.key}`, { defaultValue: c.key }),
        value: suppressed ? null : Number(c.value),
        shown: suppressed ? t('stats.fewerThan5') : formatNumber(Number(c.value), lang),
      };
    });
  const v = data.victims;
  const total = v.total === SUPPRESSED ? t('stats.fewerThan5') : formatNumber(Number(v.total), lang);
  return (
    <>
      <Text mb="sm">{t('stats.victimsTotal', { total, reports: v.reportsCounted })}</Text>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <ChartCard
          title={t('donor.stats.contributionsByYear')}
          unit={t('stats.amount')}
          rows={data.contributionsByYear.map((y) => ({
            label: y.year,
            value: Number(y.amount.amount),
            shown: formatMoney(y.amount, lang),
          }))}
          extra={{
            header: t('fund.donors'),
            // Fewer than 5 donors in a year is published as "<5": words, never a number.
            values: data.contributionsByYear.map((y) =>
              y.donors === SUPPRESSED
                ? t('donor.stats.fewerThan5Donors')
                : t('donor.stats.donors', { count: Number(y.donors) }),
            ),
          }}
        />
        <ChartCard
          title={t('stats.grantsByYear')}
          unit={t('stats.amount')}
          rows={data.grantsByYear.map((g) => ({
            label: g.key,
            value: Number(g.amount.amount),
            shown: `${formatMoney(g.amount, lang)} (${t('stats.grants', { count: g.count })})`,
          }))}
        />
        <ChartCard title={t('stats.bySex')} rows={cells('sex', v.bySex)} />
        <ChartCard title={t('stats.byAgeGroup')} rows={cells('age', v.byAgeGroup)} />
        <ChartCard title={t('stats.byExploitation')} rows={cells('exploitation', v.byExploitation)} />
        <ChartCard title={t('stats.byAssistance')} rows={cells('assistance', v.byAssistance)} />
      </SimpleGrid>
    </>
  );
}
