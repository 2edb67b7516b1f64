import { useState } from 'react';
import { Alert, Anchor, Badge, Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { graphql } from '../../../gql';
import type { ContributionChannel, SecContributionsQuery } from '../../../gql/graphql';
import { formatDate, formatMoney } from '../../../app/format';
import { QueryState } from '../../../app/QueryState';
import { usePageTitle } from '../../../app/usePageTitle';
import { PermissionButton } from '../../ngo/PermissionButton';
import { SUCCESS } from '../../ngo/colors';
import { useRoleFund } from '../useRoleFund';
import { MoneyNav } from './MoneyNav';
import { RefundForm } from './RefundForm';

const SecContributionsDocument = graphql(`
  query SecContributions($filter: ContributionFilter!) {
    contributions(filter: $filter, first: 100) {
      edges {
        node {
          id
          channel
          status
          rateCheck
          valueDate
          bankReference
          exchangeRate
          donorOrganization {
            id
            legalName
          }
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
          permissions {
            refund {
              allowed
              code
              reason
            }
          }
        }
      }
    }
  }
`);

type Contribution = SecContributionsQuery['contributions']['edges'][number]['node'];

/** The fund's contributions (of one pledge when asked), newest first, each refundable from `permissions.refund`. */
export default function ContributionsPage() {
  const { t } = useTranslation();
  usePageTitle(t('contributionList.title'));
  const fund = useRoleFund('SECRETARIAT');
  const [params, setParams] = useSearchParams();
  const pledgeId = params.get('pledge');
  const pledgeRef = params.get('ref');
  const [channel, setChannel] = useState<ContributionChannel | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const { data, loading, error, refetch } = useQuery(SecContributionsDocument, {
    variables: {
      filter: { fundId: fund?.id ?? '', ...(pledgeId ? { pledgeId } : {}), ...(channel ? { channel } : {}) },
    },
    skip: !fund,
    fetchPolicy: 'cache-and-network',
  });
  const rows = [...(data?.contributions.edges ?? [])].map((e) => e.node).reverse();
  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{t('contributionList.title')}</Title>
        {pledgeId && (
          <Group gap="sm">
            <Text>{t('contributionList.ofPledge', { reference: pledgeRef ?? pledgeId })}</Text>
            <Anchor component={Link} to="/secretariat/contributions" onClick={() => setParams({})}>
              {t('contributionList.allOfFund')}
            </Anchor>
          </Group>
        )}
      </div>
      <MoneyNav />
      <Select
        label={t('contributionList.channel')}
        placeholder={t('contributionList.anyChannel')}
        data={(['WIRE', 'STRIPE'] as const).map((c) => ({ value: c, label: t(`contributionList.channelName.${c}`) }))}
        value={channel}
        onChange={(v) => setChannel((v as ContributionChannel | null) ?? null)}
        clearable
        maw={260}
      />
      <div role="status" aria-live="polite">
        {message && <Alert color={SUCCESS}>{message}</Alert>}
      </div>
      <QueryState loading={loading || !fund} error={error} hasData={!!data} onRetry={() => void refetch()}>
        <Stack gap="sm">
          {rows.length === 0 && <Text c="dimmed">{t('contributionList.none')}</Text>}
          {rows.map((c) => (
            <ContributionRow key={c.id} c={c} onMessage={setMessage} />
          ))}
        </Stack>
      </QueryState>
    </Stack>
  );
}

function ContributionRow({ c, onMessage }: { c: Contribution; onMessage: (m: string) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const [refunding, setRefunding] = useState(false);
  const refundedSome = c.refunded.amount !== '0' && !/^0(\.0+)?$/.test(c.refunded.amount);
  return (
    <Paper withBorder p="sm" data-testid="contribution-row">
      <Group justify="space-between" wrap="wrap" align="flex-start">
        <div>
          <Text fw={600}>
            {c.donorOrganization.legalName}: {formatMoney(c.amount, lang)}
          </Text>
          <Text size="sm">
            {t(`contributionList.channelName.${c.channel}`)}
            {c.valueDate && ` · ${t('contributionList.valueDate', { date: formatDate(c.valueDate, lang) })}`}
            {c.bankReference && ` · ${t('contributionList.reference', { reference: c.bankReference })}`}
          </Text>
          <Text size="sm">
            {t('contributionList.base', { base: c.baseAmount.currency })}: {formatMoney(c.baseAmount, lang)}
            {c.rateCheck && ` (${c.exchangeRate}, ${t(`contributionList.rateCheckName.${c.rateCheck}`)})`}
          </Text>
          {refundedSome && (
            <Text size="sm" data-testid="refunded">
              {t('contributionList.refunded', { amount: formatMoney(c.refunded, lang) })}
            </Text>
          )}
        </div>
        <Stack gap={4} align="flex-end">
          <Badge color="gray.8">{t(`contributionList.statusName.${c.status}`)}</Badge>
          {!refunding && (
            <PermissionButton permission={c.permissions.refund} variant="outline" onClick={() => setRefunding(true)}>
              {t('refund.open')}
            </PermissionButton>
          )}
        </Stack>
      </Group>
      {refunding && (
        <RefundForm
          contribution={c}
          onClose={(done) => {
            setRefunding(false);
            if (done) onMessage(done);
          }}
        />
      )}
    </Paper>
  );
}
