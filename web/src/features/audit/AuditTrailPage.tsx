import { useState, type FormEvent } from 'react';
import { Anchor, Button, Group, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { graphql } from '../../gql';
import type { AuditEventFilter } from '../../gql/graphql';
import { formatDate } from '../../app/format';
import { QueryState } from '../../app/QueryState';
import { usePageTitle } from '../../app/usePageTitle';
import { AuditEventChanges } from './AuditEventChanges';
import { ChainVerification } from './ChainVerification';
import { CheckpointList } from './CheckpointList';
import classes from './audit.module.css';

const AuditEventsDocument = graphql(`
  query AuditEvents($filter: AuditEventFilter, $after: String) {
    auditEvents(filter: $filter, first: 25, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
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

/** The types of object the trail records (the API accepts any; these are the ones people look for). */
const ENTITY_TYPES = [
  'Application',
  'Award',
  'Tranche',
  'Report',
  'Organization',
  'GrantCall',
  'Review',
  'BoardVote',
  'ConflictDeclaration',
  'AwardAmendment',
  'Contribution',
  'Pledge',
  'Fund',
  'User',
  'RoleGrant',
];

interface Form {
  entityType: string;
  action: string;
  actorId: string;
  entityId: string;
  from: string;
  to: string;
}
const EMPTY: Form = { entityType: '', action: '', actorId: '', entityId: '', from: '', to: '' };

function toFilter(f: Form): AuditEventFilter {
  return {
    entityType: f.entityType || null,
    action: f.action.trim() || null,
    actorId: f.actorId.trim() || null,
    entityId: f.entityId.trim() || null,
    from: f.from ? new Date(`${f.from}T00:00:00Z`).toISOString() : null,
    // "to" a day means to its end.
    to: f.to ? new Date(new Date(`${f.to}T00:00:00Z`).getTime() + 86_400_000 - 1).toISOString() : null,
  };
}

/** The audit trail: filters, keyset paging (a cursor per page), each event's changes, the chain's verification. */
export default function AuditTrailPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  usePageTitle(t('audit.title'));
  const [form, setForm] = useState<Form>(EMPTY);
  const [filter, setFilter] = useState<AuditEventFilter>({});
  // The cursors of the pages before the current one: keyset paging, no offsets.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const { data, loading, error, refetch } = useQuery(AuditEventsDocument, {
    variables: { filter, after },
    fetchPolicy: 'cache-and-network',
  });
  const page = data?.auditEvents;
  const set = (k: keyof Form) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setForm((f) => ({ ...f, [k]: value }));
  };
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFilter(toFilter(form));
    setCursors([null]);
  };

  return (
    <Stack gap="lg">
      <Title order={1}>{t('audit.title')}</Title>
      <ChainVerification />
      <CheckpointList />
      <Paper withBorder p="md" component="form" onSubmit={apply} aria-labelledby="filters-title">
        <Title order={2} size="h3" id="filters-title" mb="xs">
          {t('audit.filters')}
        </Title>
        <Group align="flex-end" wrap="wrap">
          <NativeSelect
            label={t('audit.entityType')}
            value={form.entityType}
            onChange={set('entityType')}
            data={[{ value: '', label: t('audit.anyType') }, ...ENTITY_TYPES.map((v) => ({ value: v, label: v }))]}
          />
          <TextInput
            label={t('audit.action')}
            placeholder="tranche.approve"
            value={form.action}
            onChange={set('action')}
          />
          <TextInput label={t('audit.actorId')} value={form.actorId} onChange={set('actorId')} />
          <TextInput label={t('audit.entityId')} value={form.entityId} onChange={set('entityId')} />
          <TextInput label={t('audit.from')} type="date" value={form.from} onChange={set('from')} />
          <TextInput label={t('audit.to')} type="date" value={form.to} onChange={set('to')} />
          <Button type="submit">{t('audit.apply')}</Button>
          <Button
            variant="default"
            onClick={() => {
              setForm(EMPTY);
              setFilter({});
              setCursors([null]);
            }}
          >
            {t('audit.clear')}
          </Button>
        </Group>
      </Paper>
      <QueryState loading={loading} error={error} hasData={!!page} onRetry={() => void refetch()}>
        {page && (
          <section aria-labelledby="events-title">
            <Group justify="space-between" mb="xs" wrap="wrap">
              <Title order={2} size="h3" id="events-title">
                {t('audit.events', { count: page.totalCount ?? 0 })}
              </Title>
              <Text size="sm">{t('audit.page', { number: cursors.length })}</Text>
            </Group>
            <div className={classes.scroll}>
              <table className={classes.events}>
                <thead>
                  <tr>
                    <th scope="col">{t('audit.sequence')}</th>
                    <th scope="col">{t('audit.time')}</th>
                    <th scope="col">{t('audit.actor')}</th>
                    <th scope="col">{t('audit.action')}</th>
                    <th scope="col">{t('audit.object')}</th>
                    <th scope="col">{t('audit.changes')}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.edges.map(({ node: e }) => (
                    <tr key={e.id} data-testid={`event-${e.sequence}`}>
                      <td>{e.sequence}</td>
                      <td>{formatDate(e.time, lang, true)}</td>
                      <td>
                        {e.actor ? e.actor.displayName : e.actorRole}
                        {e.actor && (
                          <Text size="xs" c="dimmed">
                            {e.actorRole}
                          </Text>
                        )}
                      </td>
                      <td>{e.action}</td>
                      <td>
                        <Anchor component={Link} to={`/audit/history/${encodeURIComponent(e.entityGlobalId)}`}>
                          {t('audit.historyOf', { type: e.entityType })}
                        </Anchor>
                      </td>
                      <td>
                        <details>
                          <summary>{t('audit.showChanges')}</summary>
                          <AuditEventChanges before={e.before} after={e.after} />
                        </details>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Group mt="sm">
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
          </section>
        )}
      </QueryState>
    </Stack>
  );
}
