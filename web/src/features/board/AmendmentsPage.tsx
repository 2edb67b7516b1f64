import { useState } from 'react';
import { Alert, Badge, Group, Paper, Radio, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import type { BoardAmendmentsQuery } from '../../gql/graphql';
import { errorsByField } from '../../app/errors';
import { formatDate, formatMoney, fromMinorUnits, toMinorUnits } from '../../app/format';
import { QueryState } from '../../app/QueryState';
import { usePageTitle } from '../../app/usePageTitle';
import { SUCCESS } from '../ngo/colors';
import { PermissionButton } from '../ngo/PermissionButton';
import classes from '../ngo/ngo.module.css';
import stats from '../public/stats.module.css';

const BoardAmendmentsDocument = graphql(`
  query BoardAmendments {
    awards(filter: { pendingAmendment: true }, first: 50) {
      edges {
        node {
          id
          amount {
            amount
            currency
          }
          organization {
            id
            legalName
          }
          application {
            id
            projectTitle
          }
          fund {
            id
            minApprovals
          }
          tranches {
            id
            number
            status
            plannedDate
            amount {
              amount
              currency
            }
          }
          amendments {
            id
            status
            reason
            approvals
            oldTotal {
              amount
              currency
            }
            newTotal {
              amount
              currency
            }
            changes {
              trancheId
              amount
              plannedDate
            }
            permissions {
              vote {
                allowed
                code
                reason
              }
            }
          }
        }
      }
    }
  }
`);

const CastAmendmentVoteDocument = graphql(`
  mutation BoardCastAmendmentVote($input: CastAmendmentVoteInput!) {
    castAmendmentVote(input: $input) {
      amendment {
        id
        status
        approvals
      }
      errors {
        code
        ...UserErrorFields
      }
    }
  }
`);

type Award = BoardAmendmentsQuery['awards']['edges'][number]['node'];
type Amendment = Award['amendments'][number];
type Choice = 'APPROVE' | 'REJECT' | 'ABSTAIN';

/** Schedule amendments that change an award's total: what changes, why, and the trustee's vote. */
export default function AmendmentsPage() {
  const { t } = useTranslation();
  usePageTitle(t('amend.title'));
  const { data, loading, error, refetch } = useQuery(BoardAmendmentsDocument, { fetchPolicy: 'cache-and-network' });
  const awards = data?.awards.edges.map((e) => e.node) ?? [];
  const [decided, setDecided] = useState<string | null>(null);

  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{t('amend.title')}</Title>
        <Text>{t('amend.intro')}</Text>
      </div>
      {decided && (
        <Alert color={SUCCESS} role="status">
          {decided}
        </Alert>
      )}
      <QueryState loading={loading} error={error} hasData={!!data} onRetry={() => void refetch()}>
        {awards.length === 0 ? (
          <Text>{t('amend.none')}</Text>
        ) : (
          <Stack gap="lg">
            {awards.flatMap((award) =>
              award.amendments
                .filter((a) => a.status === 'PENDING')
                .map((a) => (
                  <AmendmentCard
                    key={a.id}
                    award={award}
                    amendment={a}
                    onDone={(message) => {
                      setDecided(message);
                      void refetch();
                    }}
                  />
                )),
            )}
          </Stack>
        )}
      </QueryState>
    </Stack>
  );
}

function AmendmentCard({
  award,
  amendment: a,
  onDone,
}: {
  award: Award;
  amendment: Amendment;
  onDone: (message: string | null) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const [choice, setChoice] = useState<Choice | ''>('');
  const [why, setWhy] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [cast, casting] = useMutation(CastAmendmentVoteDocument);
  const currency = a.newTotal.currency;
  const diffMinor =
    (toMinorUnits(a.newTotal.amount, currency) ?? 0n) - (toMinorUnits(a.oldTotal.amount, currency) ?? 0n);
  const diff = { amount: fromMinorUnits(diffMinor < 0n ? -diffMinor : diffMinor, currency), currency };
  const headingId = `amendment-${a.id}`;
  const byId = new Map(award.tranches.map((tr) => [tr.id, tr]));

  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId} data-testid="amendment">
      <Group justify="space-between" wrap="wrap">
        <Title order={2} size="h3" id={headingId}>
          {award.application.projectTitle}
        </Title>
        <Badge color="blue.9">{t('amend.pending')}</Badge>
      </Group>
      <Text>{award.organization.legalName}</Text>
      <dl className={classes.facts} style={{ marginTop: 'var(--mantine-spacing-sm)' }}>
        <dt>{t('amend.oldTotal')}</dt>
        <dd>{formatMoney(a.oldTotal, lang)}</dd>
        <dt>{t('amend.newTotal')}</dt>
        <dd data-testid="new-total">{formatMoney(a.newTotal, lang)}</dd>
        <dt>{t('amend.change')}</dt>
        <dd>{t(diffMinor < 0n ? 'amend.decrease' : 'amend.increase', { amount: formatMoney(diff, lang) })}</dd>
        <dt>{t('amend.reason')}</dt>
        <dd>{a.reason}</dd>
        <dt>{t('amend.approvals')}</dt>
        <dd>{t('amend.approvalsLine', { approvals: a.approvals, required: award.fund.minApprovals })}</dd>
      </dl>
      <table className={stats.table} aria-label={t('amend.changesTitle')}>
        <caption style={{ textAlign: 'left', fontWeight: 600 }}>{t('amend.changesTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('amend.tranche')}</th>
            <th scope="col">{t('amend.before')}</th>
            <th scope="col">{t('amend.after')}</th>
          </tr>
        </thead>
        <tbody>
          {a.changes.map((c) => {
            const tr = byId.get(c.trancheId);
            return (
              <tr key={c.trancheId}>
                <td>{tr ? t('amend.trancheNumber', { number: tr.number }) : '—'}</td>
                <td>{tr ? `${formatMoney(tr.amount, lang)} · ${formatDate(tr.plannedDate, lang)}` : '—'}</td>
                <td>
                  {formatMoney({ amount: c.amount, currency }, lang)} · {formatDate(c.plannedDate, lang)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>

      <Stack gap="sm" mt="md" component="form" onSubmit={(e) => e.preventDefault()}>
        <Radio.Group
          label={t('amend.yourVote')}
          value={choice}
          onChange={(v) => setChoice(v as Choice)}
          error={errors.choice}
        >
          <Group mt="xs">
            {(['APPROVE', 'REJECT', 'ABSTAIN'] as const).map((c) => (
              <Radio key={c} value={c} label={t(`vote.choice.${c}`)} disabled={!a.permissions.vote.allowed} />
            ))}
          </Group>
        </Radio.Group>
        <Textarea
          label={t('vote.reason')}
          value={why}
          onChange={(e) => setWhy(e.currentTarget.value)}
          error={errors.reason}
          disabled={!a.permissions.vote.allowed}
          maxLength={2000}
          autosize
          minRows={2}
        />
        <PermissionButton
          type="submit"
          permission={a.permissions.vote}
          loading={casting.loading}
          disabled={!choice || why.trim().length < 3}
          onClick={() =>
            void cast({
              variables: { input: { amendmentId: a.id, choice: choice as Choice, reason: why.trim() } },
            }).then((r) => {
              const p = r.data?.castAmendmentVote;
              const errs = p?.errors ?? [];
              setErrors(errorsByField(errs, t, ['choice', 'reason']));
              if (errs.length) return;
              const status = p?.amendment?.status;
              onDone(
                status && status !== 'PENDING'
                  ? t(`amend.decided.${status}`, { project: award.application.projectTitle })
                  : t('amend.recorded'),
              );
            })
          }
        >
          {t('vote.cast')}
        </PermissionButton>
        {errors._form && (
          <Alert color="red" role="alert">
            {errors._form}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
