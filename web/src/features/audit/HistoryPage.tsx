import { useState } from 'react';
import { Anchor, Badge, Button, Checkbox, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { graphql } from '../../gql';
import { formatDate } from '../../app/format';
import { QueryState } from '../../app/QueryState';
import { usePageTitle } from '../../app/usePageTitle';
import { AuditEventChanges } from './AuditEventChanges';

const HistoryDocument = graphql(`
  query ObjectHistory($entityId: ID!, $includeRelated: Boolean!, $after: String) {
    history(entityId: $entityId, includeRelated: $includeRelated, first: 50, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          sequence
          time
          action
          actorRole
          actor {
            id
            displayName
          }
          entityType
          entityGlobalId
          before
          after
        }
      }
    }
  }
`);

/** An object's full history as a timeline, each step with its changes before → after highlighted. */
export default function HistoryPage() {
  const entityId = useParams().id ?? '';
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  usePageTitle(t('audit.historyTitle'));
  const [includeRelated, setIncludeRelated] = useState(true);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const { data, loading, error, refetch } = useQuery(HistoryDocument, {
    variables: { entityId, includeRelated, after: cursors[cursors.length - 1] ?? null },
  });
  const page = data?.history;

  return (
    <Stack gap="lg">
      <div>
        <Text size="sm">
          <Anchor component={Link} to="/audit">
            {t('staffNav.audit')}
          </Anchor>
        </Text>
        <Title order={1}>{t('audit.historyTitle')}</Title>
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {entityId}
        </Text>
      </div>
      <Checkbox
        label={t('audit.includeRelated')}
        checked={includeRelated}
        onChange={(e) => {
          setIncludeRelated(e.currentTarget.checked);
          setCursors([null]);
        }}
      />
      <QueryState loading={loading} error={error} hasData={!!page} onRetry={() => void refetch()}>
        {page && (
          <>
            <Text>{t('audit.events', { count: page.totalCount ?? 0 })}</Text>
            <Stack gap="sm" component="ol" style={{ listStyle: 'none', padding: 0 }}>
              {page.edges.map(({ node: e }) => (
                <Paper key={e.id} withBorder p="sm" component="li" data-testid={`history-${e.action}`}>
                  <Group justify="space-between" wrap="wrap">
                    <Group gap="xs">
                      <Badge color="blue.9">{e.action}</Badge>
                      {e.entityGlobalId !== entityId && (
                        <Anchor
                          component={Link}
                          to={`/audit/history/${encodeURIComponent(e.entityGlobalId)}`}
                          size="sm"
                        >
                          {e.entityType}
                        </Anchor>
                      )}
                    </Group>
                    <Text size="sm">
                      #{e.sequence} · {formatDate(e.time, lang, true)} · {e.actor ? e.actor.displayName : e.actorRole}
                    </Text>
                  </Group>
                  <AuditEventChanges before={e.before} after={e.after} />
                </Paper>
              ))}
            </Stack>
            <Group>
              <Button
                variant="default"
                disabled={cursors.length <= 1}
                onClick={() => setCursors((c) => c.slice(0, -1))}
              >
                {t('audit.previous')}
              </Button>
              <Button
                variant="default"
                disabled={!page.pageInfo.hasNextPage}
                onClick={() => setCursors((c) => [...c, page.pageInfo.endCursor ?? null])}
              >
                {t('audit.next')}
              </Button>
            </Group>
          </>
        )}
      </QueryState>
    </Stack>
  );
}
