import { Alert, Badge, Button, Group, NativeSelect, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { graphql } from '../../gql';
import type { BoardPackQuery } from '../../gql/graphql';
import { countryName, formatDate, formatMoney, formatNumber } from '../../app/format';
import { QueryState } from '../../app/QueryState';
import { usePageTitle } from '../../app/usePageTitle';
import { useSession } from '../../app/session';
import { ATTENTION } from '../ngo/colors';
import classes from '../ngo/ngo.module.css';
import stats from '../public/stats.module.css';
import pack from './pack.module.css';

const PackCallsDocument = graphql(`
  query BoardPackCalls {
    grantCalls(first: 50) {
      edges {
        node {
          id
          title
          status
          closesAt
          fund {
            id
            name
          }
        }
      }
    }
  }
`);

const BoardPackDocument = graphql(`
  query BoardPack($callId: String!) {
    grantCall(id: $callId) {
      id
      title
      status
      closesAt
      envelope {
        amount
        currency
      }
      remainingEnvelope {
        amount
        currency
      }
      fund {
        id
        name
        minApprovals
        boardSize
        unanimityThreshold {
          amount
          currency
        }
      }
      rubric {
        key
        label
        weight
      }
    }
    applications(filter: { callId: $callId, status: RECOMMENDED }, first: 100) {
      totalCount
      edges {
        node {
          id
          projectTitle
          summary
          countries
          durationMonths
          recommendedAt
          recommendationComment
          organization {
            id
            legalName
            country
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
            readReviews {
              allowed
              code
              reason
            }
          }
          reviews {
            id
            weightedTotal
            comment
            reviewer {
              id
              displayName
            }
          }
          conflicts {
            id
            nature
            member {
              id
              displayName
            }
          }
          boardTally {
            approvals
            rejections
            abstentions
            required
            eligible
            seated
            unanimity
          }
        }
      }
    }
  }
`);

type PackApplication = BoardPackQuery['applications']['edges'][number]['node'];

/**
 * The board pack of a call: every application awaiting the board's decision on one printable page,
 * with the recommendation, the reviews' scores and the declared conflicts.
 */
export default function BoardPackPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const [params, setParams] = useSearchParams();
  const calls = useQuery(PackCallsDocument);
  const list = calls.data?.grantCalls.edges.map((e) => e.node) ?? [];
  const callId = params.get('call') ?? list.find((c) => c.status === 'IN_REVIEW')?.id ?? list[0]?.id ?? '';
  const { data, loading, error, refetch } = useQuery(BoardPackDocument, {
    variables: { callId },
    skip: !callId,
    // A trustee with a conflict gets FORBIDDEN for that application's reviews: the rest of the pack stays.
    errorPolicy: 'all',
  });
  const call = data?.grantCall;
  usePageTitle(call ? t('pack.titleOf', { call: call.title }) : t('pack.title'));
  const apps = data?.applications.edges.map((e) => e.node) ?? [];
  const { me } = useSession();

  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{call ? t('pack.titleOf', { call: call.title }) : t('pack.title')}</Title>
        {call && (
          <Text>
            {t('pack.subtitle', {
              fund: call.fund.name,
              date: formatDate(new Date().toISOString(), lang),
              name: me?.displayName ?? '',
            })}
          </Text>
        )}
      </div>
      <Group className="no-print" align="flex-end">
        <NativeSelect
          label={t('pack.call')}
          value={callId}
          onChange={(e) => setParams({ call: e.currentTarget.value })}
          data={list.map((c) => ({ value: c.id, label: `${c.title} (${t(`call.status.${c.status}`)})` }))}
        />
        <Button onClick={() => window.print()} disabled={!call}>
          {t('pack.print')}
        </Button>
      </Group>
      <QueryState
        loading={loading || calls.loading}
        error={data ? null : (error ?? calls.error)}
        hasData={!!data || (!!calls.data && !callId)}
        onRetry={() => void refetch()}
      >
        {call && (
          <>
            <Paper withBorder p="md" component="section" aria-labelledby="pack-rules">
              <Title order={2} size="h3" id="pack-rules" mb="xs">
                {t('pack.rules')}
              </Title>
              <dl className={classes.facts}>
                <dt>{t('pack.envelope')}</dt>
                <dd>
                  {t('pack.envelopeLine', {
                    remaining: formatMoney(call.remainingEnvelope, lang),
                    envelope: formatMoney(call.envelope, lang),
                  })}
                </dd>
                <dt>{t('pack.decides')}</dt>
                <dd>
                  {t('pack.decidesLine', { required: call.fund.minApprovals, seated: call.fund.boardSize })}
                  {call.fund.unanimityThreshold &&
                    ` ${t('vote.unanimityAbove', { amount: formatMoney(call.fund.unanimityThreshold, lang) })}`}
                </dd>
                <dt>{t('pack.rubric')}</dt>
                <dd>{call.rubric.map((r) => `${r.label} (${r.weight} %)`).join(' · ')}</dd>
              </dl>
            </Paper>
            <Text data-testid="pack-count">
              {t('pack.count', { count: data.applications.totalCount ?? apps.length })}
            </Text>
            {apps.length === 0 ? (
              <Alert color="blue">{t('pack.none')}</Alert>
            ) : (
              <>
                <SummaryTable apps={apps} />
                {apps.map((a, i) => (
                  <PackEntry key={a.id} app={a} index={i + 1} />
                ))}
              </>
            )}
          </>
        )}
      </QueryState>
    </Stack>
  );
}

const average = (a: PackApplication): number | null =>
  a.reviews?.length ? a.reviews.reduce((s, r) => s + r.weightedTotal, 0) / a.reviews.length : null;

/** One line per application: what the board decides on, at a glance. */
function SummaryTable({ apps }: { apps: PackApplication[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  return (
    <table className={stats.table}>
      <caption style={{ textAlign: 'left', fontWeight: 600 }}>{t('pack.summary')}</caption>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">{t('pack.project')}</th>
          <th scope="col" className={stats.number}>
            {t('pack.proposed')}
          </th>
          <th scope="col" className={stats.number}>
            {t('pack.score')}
          </th>
          <th scope="col" className={stats.number}>
            {t('pack.conflicts')}
          </th>
        </tr>
      </thead>
      <tbody>
        {apps.map((a, i) => {
          const avg = average(a);
          return (
            <tr key={a.id}>
              <td>{i + 1}</td>
              <td>
                {a.projectTitle} ({a.organization.legalName})
              </td>
              <td className={stats.number}>{a.proposedAmount ? formatMoney(a.proposedAmount, lang) : '—'}</td>
              <td className={stats.number}>
                {a.reviews == null ? t('pack.hidden') : avg == null ? '—' : formatNumber(round1(avg), lang)}
              </td>
              <td className={stats.number}>{a.conflicts == null ? t('pack.hidden') : a.conflicts.length}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

const round1 = (n: number) => Math.round(n * 10) / 10;

function PackEntry({ app: a, index }: { app: PackApplication; index: number }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const headingId = `pack-${a.id}`;
  const avg = average(a);
  const hidden = !a.permissions.readReviews.allowed || a.reviews == null;
  return (
    <Paper
      withBorder
      p="md"
      component="article"
      aria-labelledby={headingId}
      className={pack.application}
      data-testid="pack-application"
    >
      <Group justify="space-between" wrap="wrap">
        <Title order={2} size="h3" id={headingId}>
          {index}. {a.projectTitle}
        </Title>
        {avg != null && <Badge color="blue.9">{t('pack.average', { score: formatNumber(round1(avg), lang) })}</Badge>}
      </Group>
      <Text>
        {a.organization.legalName} · {countryName(a.organization.country, lang)}
      </Text>
      <dl className={classes.facts} style={{ marginTop: 'var(--mantine-spacing-sm)' }}>
        <dt>{t('pack.requested')}</dt>
        <dd>{formatMoney(a.requestedAmount, lang)}</dd>
        <dt>{t('pack.proposed')}</dt>
        <dd>{a.proposedAmount ? formatMoney(a.proposedAmount, lang) : '—'}</dd>
        <dt>{t('pack.duration')}</dt>
        <dd>{t('pack.months', { count: a.durationMonths })}</dd>
        <dt>{t('pack.countries')}</dt>
        <dd>{a.countries.map((c) => countryName(c, lang)).join(', ') || '—'}</dd>
        {a.recommendedAt && (
          <>
            <dt>{t('pack.recommendedAt')}</dt>
            <dd>{formatDate(a.recommendedAt, lang)}</dd>
          </>
        )}
      </dl>
      <Text mt="sm">{a.summary}</Text>
      {hidden ? (
        <Alert color={ATTENTION} mt="sm" title={t('vote.confidential')}>
          {a.permissions.readReviews.code ? t(`errors.${a.permissions.readReviews.code}`) : t('pack.hiddenBody')}
        </Alert>
      ) : (
        <>
          {a.recommendationComment && (
            <>
              <Title order={3} size="h4" mt="sm">
                {t('vote.recommendation')}
              </Title>
              <Text>{a.recommendationComment}</Text>
            </>
          )}
          <Title order={3} size="h4" mt="sm">
            {t('vote.reviews')}
          </Title>
          {a.reviews?.length ? (
            <ul>
              {a.reviews.map((r) => (
                <li key={r.id}>
                  {t('vote.reviewLine', {
                    name: r.reviewer.displayName,
                    total: formatNumber(round1(r.weightedTotal), lang),
                  })}
                  {r.comment && ` — ${r.comment}`}
                </li>
              ))}
            </ul>
          ) : (
            <Text size="sm">{t('pack.noReviews')}</Text>
          )}
          <Title order={3} size="h4" mt="sm">
            {t('pack.conflictsTitle')}
          </Title>
          {a.conflicts?.length ? (
            <ul data-testid="pack-conflicts">
              {a.conflicts.map((c) => (
                <li key={c.id}>{t('pack.conflictLine', { name: c.member.displayName, nature: c.nature })}</li>
              ))}
            </ul>
          ) : (
            <Text size="sm">{t('pack.noConflicts')}</Text>
          )}
          {a.boardTally && (
            <Text size="sm" mt="sm">
              {t('vote.tally', a.boardTally)}{' '}
              {a.boardTally.unanimity ? t('vote.decidesUnanimity', a.boardTally) : t('vote.decides', a.boardTally)}
            </Text>
          )}
        </>
      )}
    </Paper>
  );
}
