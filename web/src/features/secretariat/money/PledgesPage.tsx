import { useState } from 'react';
import {
  Anchor,
  Badge,
  Button,
  Group,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { graphql } from '../../../gql';
import type { PledgeStatus } from '../../../gql/graphql';
import { formatDate, formatMoney } from '../../../app/format';
import { QueryState } from '../../../app/QueryState';
import { usePageTitle } from '../../../app/usePageTitle';
import { useRoleFund } from '../useRoleFund';
import { MoneyNav } from './MoneyNav';

const SecPledgesDocument = graphql(`
  query SecPledges($filter: PledgeFilter!) {
    pledges(filter: $filter, first: 100) {
      edges {
        node {
          id
          reference
          status
          dueDate
          donorOrganization {
            id
            legalName
          }
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
        }
      }
    }
  }
`);

const STATUSES: PledgeStatus[] = ['PLEDGED', 'PARTIALLY_PAID', 'FULFILLED', 'CANCELLED'];

/** The fund's pledges, found by the reference a donor quoted on a wire or by status. */
export default function PledgesPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  usePageTitle(t('pledgeList.title'));
  const fund = useRoleFund('SECRETARIAT');
  const [reference, setReference] = useState('');
  const [status, setStatus] = useState<PledgeStatus | null>(null);
  const [applied, setApplied] = useState<{ reference?: string; status?: PledgeStatus }>({});
  const { data, loading, error, refetch } = useQuery(SecPledgesDocument, {
    variables: { filter: { fundId: fund?.id ?? '', ...applied } },
    skip: !fund,
    fetchPolicy: 'cache-and-network',
  });
  const pledges = data?.pledges.edges.map((e) => e.node) ?? [];
  return (
    <Stack gap="lg">
      <Title order={1}>{t('pledgeList.title')}</Title>
      <MoneyNav />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setApplied({ reference: reference.trim() || undefined, status: status ?? undefined });
        }}
      >
        <Group align="flex-end" wrap="wrap">
          <TextInput
            label={t('pledgeList.reference')}
            value={reference}
            onChange={(e) => setReference(e.currentTarget.value)}
            placeholder="UNVTF-P-…"
          />
          <Select
            label={t('pledgeList.status')}
            placeholder={t('pledgeList.any')}
            data={STATUSES.map((s) => ({ value: s, label: t(`pledgeList.statusName.${s}`) }))}
            value={status}
            onChange={(v) => setStatus((v as PledgeStatus | null) ?? null)}
            clearable
          />
          <Button type="submit">{t('pledgeList.search')}</Button>
          <Button
            variant="default"
            onClick={() => {
              setReference('');
              setStatus(null);
              setApplied({});
            }}
          >
            {t('pledgeList.clear')}
          </Button>
        </Group>
      </form>
      <QueryState loading={loading || !fund} error={error} hasData={!!data} onRetry={() => void refetch()}>
        {pledges.length === 0 ? (
          <Text c="dimmed">{t('pledgeList.none')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table striped aria-label={t('pledgeList.caption')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('pledgeList.reference')}</Table.Th>
                  <Table.Th scope="col">{t('pledgeList.donor')}</Table.Th>
                  <Table.Th scope="col">{t('pledgeList.due')}</Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t('pledgeList.pledged')}
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t('pledgeList.paid')}
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t('pledgeList.outstanding')}
                  </Table.Th>
                  <Table.Th scope="col">{t('pledgeList.status')}</Table.Th>
                  <Table.Th scope="col">{t('pledgeList.receipts')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {pledges.map((p) => (
                  <Table.Tr key={p.id} data-testid="pledge-row">
                    <Table.Td>
                      <code>{p.reference}</code>
                    </Table.Td>
                    <Table.Td>{p.donorOrganization.legalName}</Table.Td>
                    <Table.Td>{formatDate(p.dueDate, lang)}</Table.Td>
                    <Table.Td ta="right">{formatMoney(p.amount, lang)}</Table.Td>
                    <Table.Td ta="right">{formatMoney(p.paid, lang)}</Table.Td>
                    <Table.Td ta="right">{formatMoney(p.outstanding, lang)}</Table.Td>
                    <Table.Td>
                      <Badge color="gray.8">{t(`pledgeList.statusName.${p.status}`)}</Badge>
                    </Table.Td>
                    <Table.Td>
                      <Anchor
                        component={Link}
                        to={`/secretariat/contributions?pledge=${encodeURIComponent(p.id)}&ref=${encodeURIComponent(p.reference)}`}
                      >
                        {t('pledgeList.receipts')}
                        <VisuallyHidden> {p.reference}</VisuallyHidden>
                      </Anchor>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
    </Stack>
  );
}
