import { Alert, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import { formatDate, formatMoney, formatNumber, fromMinorUnits, toMinorUnits } from '../../app/format';
import { QueryState } from '../../app/QueryState';
import { usePageTitle } from '../../app/usePageTitle';
import { useRoleFund } from '../secretariat/useRoleFund';
import classes from '../ngo/ngo.module.css';
import { ChartTable } from './charts';
import { lastMonths, pipeline, reportState } from './dashboard';

const DashboardDocument = graphql(`
  query StaffDashboard($fundId: String!, $fundCode: String!) {
    fund(id: $fundId) {
      id
      name
      balance {
        received {
          amount
          currency
        }
        cash {
          amount
          currency
        }
        committed {
          amount
          currency
        }
        disbursed {
          amount
          currency
        }
        supportCosts {
          amount
          currency
        }
        available {
          amount
          currency
        }
        pledgedUnpaid {
          amount
          currency
        }
      }
    }
    grantCalls(filter: { fundId: $fundId }, first: 50) {
      edges {
        node {
          id
          title
          applications {
            id
            status
          }
        }
      }
    }
    awards(filter: { fundId: $fundId, status: ACTIVE }, first: 100) {
      edges {
        node {
          id
          application {
            id
            projectTitle
          }
          organization {
            id
            legalName
          }
          reports {
            id
            kind
            status
            dueDate
          }
        }
      }
    }
    publicStatistics(fundCode: $fundCode) {
      victims {
        period
        total
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
      }
    }
  }
`);

export const MonthFiguresFragment = graphql(`
  fragment MonthFigures on FundStatement {
    receipts {
      amount
      currency
    }
    awardsCommitted {
      amount
      currency
    }
    disbursements {
      amount
      currency
    }
    closing {
      cash {
        amount
        currency
      }
      commitments {
        amount
        currency
      }
      supportCostPayable {
        amount
        currency
      }
    }
  }
`);

const MoneyOverTimeDocument = graphql(`
  query MoneyOverTime(
    $fundId: String!
    $f0: String!
    $t0: String!
    $f1: String!
    $t1: String!
    $f2: String!
    $t2: String!
    $f3: String!
    $t3: String!
    $f4: String!
    $t4: String!
    $f5: String!
    $t5: String!
  ) {
    m0: fundStatement(fundId: $fundId, from: $f0, to: $t0) {
      ...MonthFigures
    }
    m1: fundStatement(fundId: $fundId, from: $f1, to: $t1) {
      ...MonthFigures
    }
    m2: fundStatement(fundId: $fundId, from: $f2, to: $t2) {
      ...MonthFigures
    }
    m3: fundStatement(fundId: $fundId, from: $f3, to: $t3) {
      ...MonthFigures
    }
    m4: fundStatement(fundId: $fundId, from: $f4, to: $t4) {
      ...MonthFigures
    }
    m5: fundStatement(fundId: $fundId, from: $f5, to: $t5) {
      ...MonthFigures
    }
  }
`);

type MoneyLike = { amount: string; currency: string };
const SUPPRESSED = '<5';
const today = () => new Date().toISOString().slice(0, 10);

/** Secretariat and board: money now and month by month, the pipeline per call, reports, victims assisted. */
export default function DashboardPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  usePageTitle(t('dashboard.title'));
  const asSecretariat = useRoleFund('SECRETARIAT');
  const asBoard = useRoleFund('BOARD_MEMBER');
  const fund = asSecretariat ?? asBoard;
  const { data, loading, error, refetch } = useQuery(DashboardDocument, {
    variables: { fundId: fund?.id ?? '', fundCode: fund?.code ?? '' },
    skip: !fund,
    fetchPolicy: 'cache-and-network',
  });

  const calls = data?.grantCalls.edges.map((e) => e.node) ?? [];
  const p = pipeline(calls);
  const reports = reportState(data?.awards.edges.map((e) => e.node) ?? []);
  const b = data?.fund?.balance;
  const v = data?.publicStatistics.victims;
  const cell = (value: string) => (value === SUPPRESSED ? t('stats.fewerThan5') : formatNumber(Number(value), lang));
  const num = (value: string) => (value === SUPPRESSED ? 0 : Number(value));

  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{t('dashboard.title')}</Title>
        {fund && <Text>{fund.name}</Text>}
      </div>
      <QueryState loading={loading || !fund} error={error} hasData={!!data} onRetry={() => void refetch()}>
        {b && (
          <Paper withBorder p="md" component="section" aria-labelledby="dash-money" data-testid="dash-money">
            <Title order={2} size="h4" id="dash-money" mb="xs">
              {t('dashboard.money')}
            </Title>
            <dl className={classes.facts}>
              <dt>{t('dashboard.received')}</dt>
              <dd>{formatMoney(b.received, lang)}</dd>
              <dt>{t('dashboard.disbursed')}</dt>
              <dd>{formatMoney(b.disbursed, lang)}</dd>
              <dt>{t('dashboard.cash')}</dt>
              <dd>{formatMoney(b.cash, lang)}</dd>
              <dt>{t('dashboard.committed')}</dt>
              <dd>− {formatMoney(b.committed, lang)}</dd>
              <dt>{t('dashboard.supportCosts')}</dt>
              <dd>− {formatMoney(b.supportCosts, lang)}</dd>
              <dt>{t('dashboard.available')}</dt>
              <dd data-testid="dash-available">
                <strong>{formatMoney(b.available, lang)}</strong>
              </dd>
              <dt>{t('dashboard.pledgedUnpaid')}</dt>
              <dd>{formatMoney(b.pledgedUnpaid, lang)}</dd>
            </dl>
          </Paper>
        )}
        {fund && <MoneyOverTime fundId={fund.id} />}
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          <ChartTable
            testId="dash-pipeline"
            title={t('dashboard.pipeline')}
            rowHeader={t('dashboard.call')}
            stacked
            series={p.statuses.map((s) => ({ label: t(`application.status.${s}`) }))}
            rows={p.rows.map((r) => ({
              label: r.title,
              values: r.values,
              shown: r.values.map((n) => formatNumber(n, lang)),
            }))}
            empty={t('dashboard.noCalls')}
          />
          <ChartTable
            testId="dash-reports"
            title={t('dashboard.reports')}
            caption={t('dashboard.reportsCaption')}
            rowHeader={t('dashboard.status')}
            series={[{ label: t('dashboard.count') }]}
            rows={reports.counts.map((c) => ({
              label: t(`disb.reportStatus.${c.status}`),
              values: [c.count],
              shown: [formatNumber(c.count, lang)],
            }))}
            empty={t('dashboard.noOverdue')}
            footer={
              <section aria-labelledby="dash-overdue">
                <Title order={3} size="h5" id="dash-overdue" mt="sm">
                  {t('dashboard.overdueList')}
                </Title>
                {reports.overdue.length === 0 ? (
                  <Text size="sm">{t('dashboard.noOverdue')}</Text>
                ) : (
                  <ul data-testid="dash-overdue-list">
                    {reports.overdue.map(({ award, report }) => (
                      <li key={report.id}>
                        <Text size="sm" c="red.9">
                          {t('dashboard.overdueItem', {
                            project: award.application.projectTitle,
                            organization: award.organization.legalName,
                            kind: t(`disb.reportKind.${report.kind}`),
                            date: formatDate(report.dueDate, lang),
                          })}
                        </Text>
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            }
          />
        </SimpleGrid>
        <section aria-labelledby="dash-victims">
          <Title order={2} size="h3" id="dash-victims" mb={4}>
            {t('dashboard.victims')}
          </Title>
          {v?.period ? (
            <>
              <Text size="sm" mb="sm">
                {t('dashboard.victimsNote', { period: v.period, total: cell(v.total) })}
              </Text>
              <SimpleGrid cols={{ base: 1, md: 3 }}>
                {(
                  [
                    ['sex', 'stats.bySex', v.bySex],
                    ['age', 'stats.byAgeGroup', v.byAgeGroup],
                    ['exploitation', 'stats.byExploitation', v.byExploitation],
                  ] as const
                ).map(([dim, title, cells]) => (
                  <ChartTable
                    key={dim}
                    title={t(title)}
                    rowHeader={t('stats.category')}
                    series={[{ label: t('stats.count') }]}
                    rows={cells.map((c) => ({
                      label: t(`stats.keys.${dim}.${c.key}`, { defaultValue: c.key }),
                      values: [num(c.value)],
                      shown: [cell(c.value)],
                    }))}
                    empty={t('stats.noData')}
                  />
                ))}
              </SimpleGrid>
            </>
          ) : (
            <Alert color="blue">{t('dashboard.victimsNone')}</Alert>
          )}
        </section>
      </QueryState>
    </Stack>
  );
}

/** Received, committed and paid in each of the last six months, from the fund's statements. */
function MoneyOverTime({ fundId }: { fundId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const months = lastMonths(today(), 6);
  const vars = Object.fromEntries(
    months.flatMap((m, i) => [
      [`f${i}`, m.from],
      [`t${i}`, m.to],
    ]),
  ) as Record<string, string>;
  const { data } = useQuery(MoneyOverTimeDocument, {
    variables: {
      fundId,
      f0: vars.f0 ?? '',
      t0: vars.t0 ?? '',
      f1: vars.f1 ?? '',
      t1: vars.t1 ?? '',
      f2: vars.f2 ?? '',
      t2: vars.t2 ?? '',
      f3: vars.f3 ?? '',
      t3: vars.t3 ?? '',
      f4: vars.f4 ?? '',
      t4: vars.t4 ?? '',
      f5: vars.f5 ?? '',
      t5: vars.t5 ?? '',
    },
  });
  if (!data) return null;
  const figures = [data.m0, data.m1, data.m2, data.m3, data.m4, data.m5];
  const monthLabel = (key: string) =>
    new Intl.DateTimeFormat(lang, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
      new Date(`${key}-01T00:00:00Z`),
    );
  const available = (c: (typeof figures)[number]['closing']): MoneyLike => {
    const cur = c.cash.currency;
    const minor =
      (toMinorUnits(c.cash.amount, cur) ?? 0n) -
      (toMinorUnits(c.commitments.amount, cur) ?? 0n) -
      (toMinorUnits(c.supportCostPayable.amount, cur) ?? 0n);
    return { amount: fromMinorUnits(minor, cur), currency: cur };
  };
  return (
    <ChartTable
      testId="dash-over-time"
      title={t('dashboard.overTime')}
      caption={t('dashboard.overTimeCaption')}
      rowHeader={t('dashboard.month')}
      series={[
        { label: t('dashboard.receipts') },
        { label: t('dashboard.awardsCommitted') },
        { label: t('dashboard.disbursements') },
        { label: t('dashboard.closingAvailable') },
      ]}
      rows={months.map((m, i) => {
        const f = figures[i]!;
        const avail = available(f.closing);
        const list = [f.receipts, f.awardsCommitted, f.disbursements, avail];
        return {
          label: monthLabel(m.key),
          values: list.map((x) => Math.max(0, Number(x.amount))),
          shown: list.map((x) => formatMoney(x, lang)),
        };
      })}
      empty=""
    />
  );
}
