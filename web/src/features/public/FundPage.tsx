import { lazy, Suspense } from 'react';
import { Anchor, Badge, Button, Card, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { graphql } from '../../gql';
import { QueryState } from '../../app/QueryState';
import { formatDate, formatMoney, formatNumber } from '../../app/format';
import { usePageTitle } from '../../app/usePageTitle';

// Charts load in their own chunk, after the page's text.
const StatisticsCharts = lazy(() => import('./StatisticsCharts'));

const FundPageDocument = graphql(`
  query FundPage($code: String!) {
    fund(code: $code) {
      id
      code
      name
      baseCurrency
    }
    publicStatistics(fundCode: $code) {
      totalReceived {
        amount
        currency
      }
      amountAwarded {
        amount
        currency
      }
      grantsAwarded
      donorCount
      publicDonors
      ...StatisticsCharts
    }
  }
`);

const FundCallsDocument = graphql(`
  query FundOpenCalls($fundId: String!) {
    openCalls(fundId: $fundId, first: 50) {
      edges {
        node {
          id
          title
          description
          closesAt
          themes
          minAward {
            amount
            currency
          }
          maxAward {
            amount
            currency
          }
          maxDurationMonths
        }
      }
    }
  }
`);

export default function FundPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const code = useParams().code ?? 'UNVTF';
  const { data, loading, error, refetch } = useQuery(FundPageDocument, { variables: { code } });
  const fund = data?.fund;
  const calls = useQuery(FundCallsDocument, { variables: { fundId: fund?.id ?? '' }, skip: !fund });
  usePageTitle(fund?.name ?? t('fund.title'));
  const stats = data?.publicStatistics;

  return (
    <QueryState loading={loading} error={error} hasData={!!data} onRetry={() => void refetch()}>
      {fund && stats ? (
        <Stack gap="lg">
          <div>
            <Title order={1}>{fund.name}</Title>
            <Text mt="xs">{t('fund.intro')}</Text>
          </div>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
            <Figure label={t('fund.totalReceived')} value={formatMoney(stats.totalReceived, lang)} />
            <Figure label={t('fund.amountAwarded')} value={formatMoney(stats.amountAwarded, lang)} />
            <Figure label={t('fund.grantsAwarded')} value={formatNumber(stats.grantsAwarded, lang)} />
            <Figure label={t('fund.donors')} value={formatNumber(stats.donorCount, lang)} />
          </SimpleGrid>

          <section aria-labelledby="open-calls">
            <Title order={2} id="open-calls" mb="sm">
              {t('fund.openCalls')}
            </Title>
            <QueryState
              loading={calls.loading}
              error={calls.error}
              hasData={!!calls.data}
              onRetry={() => void calls.refetch()}
            >
              {calls.data?.openCalls.edges.length === 0 && <Text>{t('fund.noOpenCalls')}</Text>}
              <Stack>
                {calls.data?.openCalls.edges.map(({ node: c }) => (
                  <Card key={c.id} withBorder>
                    <Stack gap="xs">
                      <Title order={3} size="h4">
                        <Anchor component={Link} to={`/calls/${encodeURIComponent(c.id)}`}>
                          {c.title}
                        </Anchor>
                      </Title>
                      <Text lineClamp={3}>{c.description}</Text>
                      <Group gap="xs">
                        {c.themes.map((th) => (
                          <Badge key={th} color="gray.8">
                            {th}
                          </Badge>
                        ))}
                      </Group>
                      <Text size="sm">
                        {t('call.deadline', { date: formatDate(c.closesAt, lang, true) })} ·{' '}
                        {t('call.range', { min: formatMoney(c.minAward, lang), max: formatMoney(c.maxAward, lang) })} ·{' '}
                        {t('call.maxDuration', { count: c.maxDurationMonths })}
                      </Text>
                      <Group>
                        <Button component={Link} to={`/calls/${encodeURIComponent(c.id)}`} size="sm">
                          {t('call.details')}
                        </Button>
                      </Group>
                    </Stack>
                  </Card>
                ))}
              </Stack>
            </QueryState>
          </section>

          <section aria-labelledby="statistics">
            <Title order={2} id="statistics" mb="sm">
              {t('stats.title')}
            </Title>
            <Suspense fallback={<Loader aria-label={t('common.loading')} />}>
              <StatisticsCharts data={stats} />
            </Suspense>
          </section>

          <section aria-labelledby="open-data">
            <Title order={2} id="open-data" mb="sm">
              {t('fund.openData')}
            </Title>
            <Text mb="xs">{t('fund.openDataIntro')}</Text>
            <Group>
              <Button
                component="a"
                variant="default"
                href={`/exports/funds/${encodeURIComponent(fund.code)}/360giving.json`}
                download
              >
                {t('fund.download360')}
              </Button>
              <Button
                component="a"
                variant="default"
                href={`/exports/funds/${encodeURIComponent(fund.code)}/iati.xml`}
                download
              >
                {t('fund.downloadIati')}
              </Button>
            </Group>
          </section>
        </Stack>
      ) : (
        <Text>{t('fund.notFound')}</Text>
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
