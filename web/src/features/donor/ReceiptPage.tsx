import { Alert, Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { graphql } from '../../gql';
import { QueryState } from '../../app/QueryState';
import { formatDate, formatMoney } from '../../app/format';
import { usePageTitle } from '../../app/usePageTitle';
import { CONTRIBUTION_COLOURS } from './DonorHome';

const ReceiptDocument = graphql(`
  query ContributionReceipt($id: ID!, $contributionId: String!) {
    node(id: $id) {
      ... on Contribution {
        id
        status
        channel
      }
    }
    contributionReceipt(contributionId: $contributionId) {
      number
      donorName
      fundName
      date
      channel
      reference
      exchangeRate
      amount {
        amount
        currency
      }
      baseAmount {
        amount
        currency
      }
      refunded {
        amount
        currency
      }
    }
  }
`);

/** The receipt the API issues for money received; printed or saved as PDF from the browser. */
export default function ReceiptPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const id = useParams().id ?? '';
  const justPaid = useSearchParams()[0].get('paid') === '1';
  usePageTitle(t('donor.receipt.title'));
  const { data, loading, error, refetch } = useQuery(ReceiptDocument, {
    variables: { id, contributionId: id },
    fetchPolicy: 'cache-and-network',
  });
  const r = data?.contributionReceipt;
  const c = data?.node && 'status' in data.node ? data.node : null;

  return (
    <QueryState loading={loading} error={error} hasData={!!data} onRetry={() => void refetch()}>
      <Stack gap="lg" maw={720}>
        {justPaid && r && (
          <Alert color="teal.9" variant="filled" role="status">
            {t('donor.card.received')}
          </Alert>
        )}
        <Group justify="space-between">
          <Title order={1}>{t('donor.receipt.title')}</Title>
          {c && <Badge color={CONTRIBUTION_COLOURS[c.status]}>{t(`donor.contributions.status.${c.status}`)}</Badge>}
        </Group>
        {!r ? (
          <Alert color="gray.8">{t('donor.receipt.notYet')}</Alert>
        ) : (
          <Card withBorder className="receipt">
            <Table variant="vertical" layout="fixed" withTableBorder>
              <Table.Tbody>
                <Row label={t('donor.receipt.number')} value={r.number} />
                <Row label={t('donor.receipt.donor')} value={r.donorName} />
                <Row label={t('donor.receipt.fund')} value={r.fundName} />
                <Row label={t('donor.receipt.date')} value={formatDate(r.date, lang)} />
                <Row label={t('donor.receipt.amount')} value={formatMoney(r.amount, lang)} />
                {r.baseAmount.currency !== r.amount.currency && (
                  <>
                    <Row label={t('donor.receipt.baseAmount')} value={formatMoney(r.baseAmount, lang)} />
                    <Row label={t('donor.receipt.rate')} value={r.exchangeRate} />
                  </>
                )}
                <Row label={t('donor.receipt.channel')} value={t(`donor.contributions.channels.${r.channel}`)} />
                <Row label={t('donor.receipt.reference')} value={r.reference} />
                {Number(r.refunded.amount) > 0 && (
                  <Row label={t('donor.receipt.refunded')} value={formatMoney(r.refunded, lang)} />
                )}
              </Table.Tbody>
            </Table>
          </Card>
        )}
        <Group className="no-print">
          {r && <Button onClick={() => window.print()}>{t('donor.receipt.print')}</Button>}
          <Button component={Link} to="/donor" variant="default">
            {t('donor.receipt.back')}
          </Button>
        </Group>
        {!r && c?.status === 'PENDING' && <Text size="sm">{t('donor.card.waitingHint')}</Text>}
      </Stack>
    </QueryState>
  );
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <Table.Tr>
      <Table.Th scope="row" w="40%">
        {label}
      </Table.Th>
      <Table.Td style={{ overflowWrap: 'anywhere' }}>{value}</Table.Td>
    </Table.Tr>
  );
}
