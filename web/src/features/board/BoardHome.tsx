import { Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { graphql } from '../../gql';
import type { BoardListItemFragment as Item } from '../../gql/graphql';
import { formatMoney } from '../../app/format';
import { QueryState } from '../../app/QueryState';
import { usePageTitle } from '../../app/usePageTitle';
import { usePermissionReason } from '../ngo/PermissionButton';

export const BoardListItemFragment = graphql(`
  fragment BoardListItem on Application {
    id
    projectTitle
    status
    organization {
      id
      legalName
    }
    call {
      id
      title
    }
    requestedAmount {
      amount
      currency
    }
    proposedAmount {
      amount
      currency
    }
    permissions {
      review {
        allowed
        code
        reason
      }
      vote {
        allowed
        code
        reason
      }
    }
  }
`);

const BoardHomeDocument = graphql(`
  query BoardHome {
    eligible: applications(filter: { status: ELIGIBLE }, first: 50) {
      edges {
        node {
          ...BoardListItem
        }
      }
    }
    underReview: applications(filter: { status: UNDER_REVIEW }, first: 50) {
      edges {
        node {
          ...BoardListItem
        }
      }
    }
    recommended: applications(filter: { status: RECOMMENDED }, first: 50) {
      edges {
        node {
          ...BoardListItem
        }
      }
    }
  }
`);

/** A trustee's work: applications open to review (conflict declaration first) and recommendations to vote on. */
export default function BoardHome() {
  const { t } = useTranslation();
  usePageTitle(t('board.title'));
  const { data, loading, error, refetch } = useQuery(BoardHomeDocument, { fetchPolicy: 'cache-and-network' });
  const toReview = [...(data?.eligible.edges ?? []), ...(data?.underReview.edges ?? [])].map((e) => e.node);
  const toVote = (data?.recommended.edges ?? []).map((e) => e.node);

  return (
    <Stack gap="lg">
      <Title order={1}>{t('board.title')}</Title>
      <QueryState loading={loading} error={error} hasData={!!data} onRetry={() => void refetch()}>
        <section aria-labelledby="to-vote">
          <Title order={2} size="h3" id="to-vote" mb="xs">
            {t('board.toVote', { count: toVote.length })}
          </Title>
          <List items={toVote} kind="vote" />
        </section>
        <section aria-labelledby="to-review">
          <Title order={2} size="h3" id="to-review" mb="xs" mt="lg">
            {t('board.toReview', { count: toReview.length })}
          </Title>
          <List items={toReview} kind="review" />
        </section>
      </QueryState>
    </Stack>
  );
}

function List({ items, kind }: { items: Item[]; kind: 'review' | 'vote' }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const reason = usePermissionReason();
  if (items.length === 0) return <Text c="dimmed">{t('board.none')}</Text>;
  return (
    <Stack gap="xs">
      {items.map((a) => {
        const p = kind === 'vote' ? a.permissions.vote : a.permissions.review;
        return (
          <Paper key={a.id} withBorder p="sm">
            <Group justify="space-between" wrap="wrap">
              <Anchor component={Link} to={`/board/applications/${encodeURIComponent(a.id)}/${kind}`} fw={600}>
                {a.projectTitle}
              </Anchor>
              <Badge color="blue.9">{t(`application.status.${a.status}`)}</Badge>
            </Group>
            <Text size="sm">
              {a.organization.legalName} · {a.call.title} · {formatMoney(a.proposedAmount ?? a.requestedAmount, lang)}
            </Text>
            <Text size="sm" c={p.allowed ? 'teal.9' : 'dimmed'}>
              {p.allowed ? t(kind === 'vote' ? 'board.mayVote' : 'board.mayReview') : reason(p)}
            </Text>
          </Paper>
        );
      })}
    </Stack>
  );
}
