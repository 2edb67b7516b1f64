import { lazy, Suspense } from 'react';
import { Card, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import { QueryState } from '../../app/QueryState';
import { formatMoney, formatNumber, fromMinorUnits } from '../../app/format';
import { usePageTitle } from '../../app/usePageTitle';

const StatisticsCharts = lazy(() => import('../public/StatisticsCharts'));

/** What the API publishes for a count below 5. */
const SUPPRESSED = '<5';

const ImpactDocument = graphql(`
  query DonorImpact($code: String!) {
    contributions(first: 100, filter: { status: RECEIVED }) {
      edges {
        node {
          id
          bookedBaseAmount {
            currency
            minorUnits
          }
          fund {
            code
          }
        }
      }
    }
    publicStatistics(fundCode: $code) {
      fund {
        name
      }
      amountAwarded {
        amount
        currency
      }
      grantsAwarded
      tranchesPaid
      amountDisbursed {
        amount
        currency
      }
      ...StatisticsCharts
    }
  }
`);

/** "Where my money went": what the donor gave and the fund's public aggregates (pooled funding). */
export default function ImpactPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  usePageTitle(t('donor.impact.title'));
  const code = 'UNVTF';
  const { data, loading, error, refetch } = useQuery(ImpactDocument, { variables: { code } });
  const s = data?.publicStatistics;
  let given = 0n;
  let currency = s?.amountAwarded.currency ?? 'USD';
  for (const e of data?.contributions.edges ?? []) {
    if (e.node.fund.code !== code) continue;
    given += BigInt(e.node.bookedBaseAmount.minorUnits);
    currency = e.node.bookedBaseAmount.currency;
  }
  const victims = s?.victims.total;

  return (
    <QueryState loading={loading} error={error} hasData={!!data} onRetry={() => void refetch()}>
      {s && (
        <Stack gap="lg">
          <div>
            <Title order={1}>{t('donor.impact.title')}</Title>
            <Text mt="xs">{s.fund.name}</Text>
            <Text mt="xs">{t('donor.impact.intro')}</Text>
          </div>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }}>
            <Figure
              label={t('donor.impact.given')}
              value={formatMoney({ amount: fromMinorUnits(given, currency), currency }, lang)}
            />
            <Figure label={t('donor.impact.awarded')} value={formatMoney(s.amountAwarded, lang)} />
            <Figure label={t('donor.impact.grants')} value={formatNumber(s.grantsAwarded, lang)} />
            <Figure label={t('donor.impact.tranches')} value={formatNumber(s.tranchesPaid, lang)} />
            <Figure label={t('donor.impact.disbursed')} value={formatMoney(s.amountDisbursed, lang)} />
            <Figure
              label={t('donor.impact.victims')}
              value={
                victims === SUPPRESSED || victims === undefined
                  ? t('stats.fewerThan5')
                  : formatNumber(Number(victims), lang)
              }
            />
          </SimpleGrid>
          <section aria-labelledby="impact-charts">
            <Title order={2} id="impact-charts" mb="sm">
              {t('donor.impact.byYear')}
            </Title>
            <Suspense fallback={<Loader role="status" aria-label={t('common.loading')} />}>
              <StatisticsCharts data={s} />
            </Suspense>
          </section>
        </Stack>
      )}
    </QueryState>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Card withBorder>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl">
        {value}
      </Text>
    </Card>
  );
}
