import { Alert, Anchor, Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { graphql } from '../../gql';
import type { ContributionStatus, PledgeStatus } from '../../gql/graphql';
import { QueryState } from '../../app/QueryState';
import { formatDate, formatMoney, fromMinorUnits } from '../../app/format';
import { useMyOrganization } from '../../app/session';
import { usePageTitle } from '../../app/usePageTitle';

const DonorHomeDocument = graphql(`
  query DonorHome {
    pledges(first: 100) {
      edges {
        node {
          id
          dueDate
          status
          amount {
            amount
            currency
          }
          paid {
            amount
            currency
          }
          outstanding {
            amount
            currency
            minorUnits
          }
        }
      }
    }
    contributions(first: 100) {
      edges {
        node {
          ...ContributionRow
        }
      }
    }
  }
`);

export const ContributionRowFragment = graphql(`
  fragment ContributionRow on Contribution {
    id
    status
    channel
    valueDate
    amount {
      amount
      currency
    }
    receipt {
      number
    }
  }
`);

const PLEDGE_COLOURS: Record<PledgeStatus, string> = {
  PLEDGED: 'blue.8',
  PARTIALLY_PAID: 'indigo.9',
  FULFILLED: 'teal.9',
  CANCELLED: 'gray.8',
};

export const CONTRIBUTION_COLOURS: Record<ContributionStatus, string> = {
  PENDING: 'gray.8',
  RECEIVED: 'teal.9',
  FAILED: 'red.9',
  REFUNDED: 'gray.8',
  DISPUTED: 'red.9',
};

/** What the donor pledged, what is outstanding by due date, and what it paid (with receipts). */
export default function DonorHome() {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const org = useMyOrganization('DONOR');
  usePageTitle(t('donor.home.title'));
  const { data, loading, error, refetch } = useQuery(DonorHomeDocument, {
    skip: !org,
    fetchPolicy: 'cache-and-network',
  });

  if (!org) {
    return (
      <Stack>
        <Title order={1}>{t('donor.home.title')}</Title>
        <Alert color="gray.8">{t('donor.home.noOrganization')}</Alert>
      </Stack>
    );
  }

  // The schedule: open pledges by due date; what is outstanding, per currency, exactly.
  const pledges = [...(data?.pledges.edges.map((e) => e.node) ?? [])].sort((a, b) =>
    a.dueDate.localeCompare(b.dueDate),
  );
  const outstanding = new Map<string, bigint>();
  for (const p of pledges) {
    const o = BigInt(p.outstanding.minorUnits);
    if (o > 0n) outstanding.set(p.outstanding.currency, (outstanding.get(p.outstanding.currency) ?? 0n) + o);
  }
  const outstandingText = [...outstanding]
    .map(([currency, minor]) => formatMoney({ amount: fromMinorUnits(minor, currency), currency }, lang))
    .join(', ');
  const contributions = [...(data?.contributions.edges.map((e) => e.node) ?? [])].reverse();

  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{t('donor.home.title')}</Title>
        <Text mt="xs">{org.legalName}</Text>
        <Text mt="xs">{t('donor.home.intro')}</Text>
      </div>
      <Group>
        <Button component={Link} to="/donor/pledges/new">
          {t('donor.home.newPledge')}
        </Button>
        <Button component={Link} to="/donor/pay" variant="default">
          {t('donor.home.payWithoutPledge')}
        </Button>
      </Group>
      <QueryState loading={loading} error={error} hasData={!!data} onRetry={() => void refetch()}>
        <section aria-labelledby="pledges">
          <Title order={2} id="pledges" mb="sm">
            {t('donor.pledges.title')}
          </Title>
          <Text mb="sm" fw={500}>
            {outstandingText
              ? t('donor.home.outstandingTotal', { amounts: outstandingText })
              : t('donor.home.nothingOutstanding')}
          </Text>
          {pledges.length === 0 ? (
            <Text>{t('donor.pledges.none')}</Text>
          ) : (
            <Card withBorder p={0}>
              <Table.ScrollContainer minWidth={520}>
                <Table striped>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('donor.pledges.dueDate')}</Table.Th>
                      <Table.Th scope="col" ta="right">
                        {t('donor.pledges.amount')}
                      </Table.Th>
                      <Table.Th scope="col" ta="right">
                        {t('donor.pledges.paid')}
                      </Table.Th>
                      <Table.Th scope="col" ta="right">
                        {t('donor.pledges.outstanding')}
                      </Table.Th>
                      <Table.Th scope="col">{t('donor.pledges.statusLabel')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {pledges.map((p) => (
                      <Table.Tr key={p.id}>
                        <Table.Td>
                          <Anchor
                            component={Link}
                            to={`/donor/pledges/${encodeURIComponent(p.id)}`}
                            aria-label={t('donor.pledges.open', {
                              amount: formatMoney(p.amount, lang),
                              date: formatDate(p.dueDate, lang),
                            })}
                          >
                            {formatDate(p.dueDate, lang)}
                          </Anchor>
                        </Table.Td>
                        <Table.Td ta="right">{formatMoney(p.amount, lang)}</Table.Td>
                        <Table.Td ta="right">{formatMoney(p.paid, lang)}</Table.Td>
                        <Table.Td ta="right" fw={500}>
                          {formatMoney(p.outstanding, lang)}
                        </Table.Td>
                        <Table.Td>
                          <Badge color={PLEDGE_COLOURS[p.status]}>{t(`donor.pledges.status.${p.status}`)}</Badge>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Card>
          )}
        </section>
        <section aria-labelledby="contributions">
          <Title order={2} id="contributions" mb="sm">
            {t('donor.contributions.title')}
          </Title>
          <ContributionTable rows={contributions} />
        </section>
      </QueryState>
    </Stack>
  );
}

interface ContributionRowData {
  id: string;
  status: ContributionStatus;
  channel: 'STRIPE' | 'WIRE';
  valueDate?: string | null;
  amount: { amount: string; currency: string };
  receipt?: { number: string } | null;
}

export function ContributionTable({ rows }: { rows: readonly ContributionRowData[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  if (rows.length === 0) return <Text>{t('donor.contributions.none')}</Text>;
  return (
    <Card withBorder p={0}>
      <Table.ScrollContainer minWidth={520}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('donor.contributions.date')}</Table.Th>
              <Table.Th scope="col">{t('donor.contributions.channel')}</Table.Th>
              <Table.Th scope="col" ta="right">
                {t('donor.contributions.amount')}
              </Table.Th>
              <Table.Th scope="col">{t('donor.contributions.statusLabel')}</Table.Th>
              <Table.Th scope="col">{t('donor.contributions.receipt')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>{c.valueDate ? formatDate(c.valueDate, lang) : '—'}</Table.Td>
                <Table.Td>{t(`donor.contributions.channels.${c.channel}`)}</Table.Td>
                <Table.Td ta="right">{formatMoney(c.amount, lang)}</Table.Td>
                <Table.Td>
                  <Badge color={CONTRIBUTION_COLOURS[c.status]}>{t(`donor.contributions.status.${c.status}`)}</Badge>
                </Table.Td>
                <Table.Td>
                  {c.receipt ? (
                    <Anchor
                      component={Link}
                      to={`/donor/contributions/${encodeURIComponent(c.id)}`}
                      aria-label={t('donor.contributions.viewReceipt', { amount: formatMoney(c.amount, lang) })}
                    >
                      {c.receipt.number.slice(0, 8)}
                    </Anchor>
                  ) : (
                    '—'
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}
