import { Alert, Badge, Button, Card, CopyButton, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { graphql } from '../../gql';
import type { PledgePageQuery } from '../../gql/graphql';
import { QueryState } from '../../app/QueryState';
import { countryName, formatDate, formatMoney } from '../../app/format';
import { usePageTitle } from '../../app/usePageTitle';
import { ContributionTable } from './DonorHome';

const PledgePageDocument = graphql(`
  query PledgePage($id: ID!) {
    node(id: $id) {
      ... on Pledge {
        id
        status
        dueDate
        earmark
        cancelReason
        reference
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
        }
        overpaid {
          amount
          currency
        }
        fund {
          id
          name
        }
        permissions {
          payByCard {
            allowed
            reason
            code
          }
        }
        wireInstructions {
          reference
          accountHolder
          bankName
          bankCountry
          iban
          accountNumber
          swift
          amount {
            amount
            currency
          }
        }
        contributions {
          ...ContributionRow
        }
      }
    }
  }
`);

type Node = NonNullable<PledgePageQuery['node']>;
type Pledge = Extract<Node, { reference: string }>;
const isPledge = (n: Node | null | undefined): n is Pledge => !!n && 'reference' in n;

/** One pledge: what is paid and outstanding, pay by card (when allowed) or by wire with the reference. */
export default function PledgePage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const id = useParams().id ?? '';
  const { data, loading, error, refetch } = useQuery(PledgePageDocument, {
    variables: { id },
    fetchPolicy: 'cache-and-network',
  });
  const pledge = isPledge(data?.node) ? data.node : null;
  usePageTitle(
    pledge ? t('donor.pledge.title', { amount: formatMoney(pledge.amount, lang) }) : t('donor.pledge.summary'),
  );

  return (
    <QueryState loading={loading} error={error} hasData={!!data} onRetry={() => void refetch()}>
      {!pledge ? (
        <Alert color="gray.8">{t('donor.pledge.notFound')}</Alert>
      ) : (
        <Stack gap="lg">
          <div>
            <Title order={1}>{t('donor.pledge.title', { amount: formatMoney(pledge.amount, lang) })}</Title>
            <Text mt="xs">{pledge.fund.name}</Text>
          </div>
          <section aria-labelledby="summary">
            <Title order={2} id="summary" size="h3" mb="sm">
              {t('donor.pledge.summary')}
            </Title>
            <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
              <Figure label={t('donor.pledges.dueDate')} value={formatDate(pledge.dueDate, lang)} />
              <Figure label={t('donor.pledges.amount')} value={formatMoney(pledge.amount, lang)} />
              <Figure label={t('donor.pledges.paid')} value={formatMoney(pledge.paid, lang)} />
              <Figure label={t('donor.pledges.outstanding')} value={formatMoney(pledge.outstanding, lang)} />
            </SimpleGrid>
            <Group mt="sm" gap="xs">
              <Badge color={pledge.status === 'CANCELLED' ? 'gray.8' : 'blue.8'}>
                {t(`donor.pledges.status.${pledge.status}`)}
              </Badge>
              <Text size="sm">
                {t('donor.pledge.reference')}: <strong>{pledge.reference}</strong>
              </Text>
            </Group>
            {pledge.cancelReason && (
              <Text mt="xs">{t('donor.pledge.cancelledReason', { reason: pledge.cancelReason })}</Text>
            )}
          </section>

          <Group align="flex-start">
            <Stack gap={4}>
              {pledge.permissions.payByCard.allowed ? (
                <Button component={Link} to={`/donor/pay?pledge=${encodeURIComponent(pledge.id)}`}>
                  {t('donor.pledge.payByCard')}
                </Button>
              ) : (
                <Button disabled aria-describedby="pay-reason">
                  {t('donor.pledge.payByCard')}
                </Button>
              )}
              {!pledge.permissions.payByCard.allowed && (
                <Text size="sm" id="pay-reason">
                  {pledge.permissions.payByCard.code
                    ? t(`errors.${pledge.permissions.payByCard.code}`)
                    : pledge.permissions.payByCard.reason}
                </Text>
              )}
            </Stack>
          </Group>

          {pledge.status !== 'CANCELLED' && <WireInstructions pledge={pledge} />}

          <section aria-labelledby="pledge-contributions">
            <Title order={2} id="pledge-contributions" size="h3" mb="sm">
              {t('donor.pledge.contributions')}
            </Title>
            {pledge.contributions.length === 0 ? (
              <Text>{t('donor.pledge.noContributions')}</Text>
            ) : (
              <ContributionTable rows={pledge.contributions} />
            )}
          </section>
        </Stack>
      )}
    </QueryState>
  );
}

function WireInstructions({ pledge }: { pledge: Pledge }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const w = pledge.wireInstructions;
  return (
    <Card withBorder component="section" aria-labelledby="wire">
      <Title order={2} id="wire" size="h3" mb="xs">
        {t('donor.wire.title')}
      </Title>
      {!w ? (
        <Text>{t('donor.wire.notSet')}</Text>
      ) : (
        <Stack gap="sm">
          <Text>{t('donor.wire.intro')}</Text>
          <Group gap="sm" wrap="wrap">
            <Text>
              {t('donor.wire.quote')}:{' '}
              <Text span fw={700} ff="monospace" fz="lg" data-testid="wire-reference">
                {w.reference}
              </Text>
            </Text>
            <CopyButton value={w.reference}>
              {({ copied, copy }) => (
                <Button size="xs" variant="default" onClick={copy} aria-live="polite">
                  {copied ? t('donor.wire.copied') : t('donor.wire.copy')}
                </Button>
              )}
            </CopyButton>
          </Group>
          <Table withTableBorder variant="vertical" layout="fixed">
            <Table.Tbody>
              <Row label={t('donor.wire.amount')} value={formatMoney(w.amount, lang)} />
              <Row label={t('donor.wire.accountHolder')} value={w.accountHolder} />
              <Row label={t('donor.wire.bankName')} value={w.bankName} />
              {w.bankCountry && <Row label={t('donor.wire.bankCountry')} value={countryName(w.bankCountry, lang)} />}
              {w.iban && <Row label={t('donor.wire.iban')} value={w.iban.replace(/(.{4})/g, '$1 ').trim()} mono />}
              {w.accountNumber && <Row label={t('donor.wire.accountNumber')} value={w.accountNumber} mono />}
              {w.swift && <Row label={t('donor.wire.swift')} value={w.swift} mono />}
              <Row label={t('donor.wire.quote')} value={w.reference} mono />
            </Table.Tbody>
          </Table>
        </Stack>
      )}
    </Card>
  );
}

function Row({ label, value, mono }: { label: string; value: string; mono?: boolean }) {
  return (
    <Table.Tr>
      <Table.Th scope="row" w="40%">
        {label}
      </Table.Th>
      <Table.Td ff={mono ? 'monospace' : undefined} style={{ overflowWrap: 'anywhere' }}>
        {value}
      </Table.Td>
    </Table.Tr>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Card withBorder>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="lg">
        {value}
      </Text>
    </Card>
  );
}
