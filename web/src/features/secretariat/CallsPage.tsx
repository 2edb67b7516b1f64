import { Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { graphql } from '../../gql';
import { formatDate, formatMoney } from '../../app/format';
import { QueryState } from '../../app/QueryState';
import { usePageTitle } from '../../app/usePageTitle';
import { useRoleFund } from './useRoleFund';

const CallsDocument = graphql(`
  query SecCalls($fundId: String!) {
    grantCalls(filter: { fundId: $fundId }, first: 100) {
      edges {
        node {
          id
          title
          status
          opensAt
          closesAt
          envelope {
            amount
            currency
          }
          remainingEnvelope {
            amount
            currency
          }
        }
      }
    }
  }
`);

/** The fund's calls for proposals, newest first, with their window and envelope. */
export default function CallsPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  usePageTitle(t('calls.title'));
  const fund = useRoleFund('SECRETARIAT');
  const { data, loading, error, refetch } = useQuery(CallsDocument, {
    variables: { fundId: fund?.id ?? '' },
    skip: !fund,
    fetchPolicy: 'cache-and-network',
  });
  const calls = [...(data?.grantCalls.edges ?? [])].map((e) => e.node).reverse();
  return (
    <Stack gap="lg">
      <Group justify="space-between" wrap="wrap">
        <Title order={1}>{t('calls.title')}</Title>
        <Button component={Link} to="/secretariat/calls/new">
          {t('calls.new')}
        </Button>
      </Group>
      <QueryState loading={loading || !fund} error={error} hasData={!!data} onRetry={() => void refetch()}>
        <Stack gap="xs">
          {calls.length === 0 && <Text c="dimmed">{t('calls.none')}</Text>}
          {calls.map((c) => (
            <Paper key={c.id} withBorder p="sm">
              <Group justify="space-between" wrap="wrap">
                <Anchor component={Link} to={`/secretariat/calls/${encodeURIComponent(c.id)}`} fw={600}>
                  {c.title}
                </Anchor>
                <Badge color={c.status === 'OPEN' ? 'teal.9' : 'gray.8'}>{t(`calls.status.${c.status}`)}</Badge>
              </Group>
              <Text size="sm">
                {t('calls.window', { from: formatDate(c.opensAt, lang, true), to: formatDate(c.closesAt, lang, true) })}
              </Text>
              <Text size="sm">
                {t('calls.envelopeLeft', {
                  remaining: formatMoney(c.remainingEnvelope, lang),
                  envelope: formatMoney(c.envelope, lang),
                })}
              </Text>
            </Paper>
          ))}
        </Stack>
      </QueryState>
    </Stack>
  );
}
