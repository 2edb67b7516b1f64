import { Anchor, Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { graphql } from '../../gql';
import type { InboxKind } from '../../gql/graphql';
import { formatDate } from '../../app/format';
import { QueryState } from '../../app/QueryState';
import { usePageTitle } from '../../app/usePageTitle';
import { useRoleFund } from './useRoleFund';
import { FundMoney } from './FundMoney';

const InboxDocument = graphql(`
  query SecretariatInbox($fundId: String!) {
    secretariatInbox(fundId: $fundId, first: 10) {
      sections {
        kind
        totalCount
        items {
          entityId
          targetId
          title
          organizationName
          since
          dueDate
        }
      }
    }
  }
`);

/** The page that decides an item of each kind. */
function pathOf(kind: InboxKind, targetId: string, entityId: string): string {
  const id = encodeURIComponent(targetId);
  switch (kind) {
    case 'REPORT_TO_REVIEW':
      return `/secretariat/reports/${encodeURIComponent(entityId)}`;
    case 'ORGANIZATION_TO_VET':
    case 'BANK_ACCOUNT_TO_CONFIRM':
      return `/secretariat/organizations/${id}`;
    case 'APPLICATION_TO_SCREEN':
    case 'APPLICATION_TO_RECOMMEND':
      return `/secretariat/applications/${id}`;
    case 'TRANCHE_TO_REQUEST':
    case 'TRANCHE_TO_APPROVE':
    case 'TRANCHE_TO_PAY':
    case 'AMENDMENT_PENDING':
    case 'PAYMENT_RECEIPT_OVERDUE':
    case 'PAYMENT_DISCREPANCY':
      return `/secretariat/awards/${id}`;
  }
}

const today = () => new Date().toISOString().slice(0, 10);

/** "What waits on me": every kind of the secretariat's work with its count and most urgent items. */
export default function InboxPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  usePageTitle(t('inbox.title'));
  const fund = useRoleFund('SECRETARIAT');
  const { data, loading, error, refetch } = useQuery(InboxDocument, {
    variables: { fundId: fund?.id ?? '' },
    skip: !fund,
    fetchPolicy: 'cache-and-network',
  });
  const sections = data?.secretariatInbox.sections ?? [];
  const waiting = sections.reduce((n, s) => n + s.totalCount, 0);

  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{t('inbox.title')}</Title>
        {fund && <Text c="dimmed">{fund.name}</Text>}
      </div>
      {fund && <FundMoney fundId={fund.id} />}
      <QueryState loading={loading || !fund} error={error} hasData={!!data} onRetry={() => void refetch()}>
        <Text data-testid="inbox-total">{t('inbox.total', { count: waiting })}</Text>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          {sections.map((s) => (
            <Paper
              key={s.kind}
              withBorder
              p="md"
              component="section"
              aria-labelledby={`inbox-${s.kind}`}
              data-testid={`inbox-${s.kind}`}
            >
              <Group justify="space-between" wrap="nowrap" mb="xs">
                <Title order={2} size="h4" id={`inbox-${s.kind}`}>
                  {t(`inbox.kind.${s.kind}`)}
                </Title>
                <Badge
                  color={s.totalCount ? 'blue.9' : 'gray.8'}
                  aria-label={t('inbox.count', { count: s.totalCount })}
                >
                  {s.totalCount}
                </Badge>
              </Group>
              {s.items.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('inbox.nothing')}
                </Text>
              ) : (
                <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                  {s.items.map((item) => {
                    const overdue = !!item.dueDate && item.dueDate < today();
                    return (
                      <li key={item.entityId}>
                        <Anchor component={Link} to={pathOf(s.kind, item.targetId, item.entityId)} fw={600}>
                          {item.title}
                        </Anchor>
                        <Text size="sm">
                          {[
                            item.organizationName,
                            item.since ? t('inbox.since', { date: formatDate(item.since, lang) }) : null,
                          ]
                            .filter(Boolean)
                            .join(' · ')}
                        </Text>
                        {item.dueDate && (
                          <Text size="sm" c={overdue ? 'red.9' : undefined} fw={overdue ? 600 : undefined}>
                            {t(overdue ? 'inbox.overdue' : `inbox.due.${s.kind}`, {
                              date: formatDate(item.dueDate, lang),
                              defaultValue: t('inbox.dueDefault', { date: formatDate(item.dueDate, lang) }),
                            })}
                          </Text>
                        )}
                      </li>
                    );
                  })}
                  {s.totalCount > s.items.length && (
                    <Text size="sm" c="dimmed" component="li">
                      {t('inbox.more', { count: s.totalCount - s.items.length })}
                    </Text>
                  )}
                </Stack>
              )}
            </Paper>
          ))}
        </SimpleGrid>
      </QueryState>
    </Stack>
  );
}
