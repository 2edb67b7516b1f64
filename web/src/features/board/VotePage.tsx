import { useState } from 'react';
import { Alert, Anchor, Badge, Group, Paper, Radio, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { ATTENTION, SUCCESS } from '../ngo/colors';
import { Link, useParams } from 'react-router';
import { graphql } from '../../gql';
import { errorsByField } from '../../app/errors';
import { formatDate, formatMoney } from '../../app/format';
import { QueryState } from '../../app/QueryState';
import { usePageTitle } from '../../app/usePageTitle';
import { PermissionButton, usePermissionReason } from '../ngo/PermissionButton';
import classes from '../ngo/ngo.module.css';

const VotePageDocument = graphql(`
  query BoardVote($id: String!) {
    application(id: $id) {
      id
      projectTitle
      summary
      status
      recommendedAt
      requestedAmount {
        amount
        currency
      }
      proposedAmount {
        amount
        currency
      }
      organization {
        id
        legalName
      }
      call {
        id
        title
      }
      fund {
        id
        minApprovals
        unanimityThreshold {
          amount
          currency
        }
      }
      award {
        id
        amount {
          amount
          currency
        }
      }
      permissions {
        vote {
          allowed
          code
          reason
        }
        readReviews {
          allowed
          code
          reason
        }
      }
    }
  }
`);

const ConfidentialDocument = graphql(`
  query BoardVoteConfidential($id: String!) {
    application(id: $id) {
      id
      recommendationComment
      reviews {
        id
        comment
        weightedTotal
        reviewer {
          id
          displayName
        }
      }
      votes {
        id
        choice
        reason
        castAt
        voter {
          id
          displayName
        }
      }
      boardTally {
        approvals
        rejections
        abstentions
        eligible
        required
        seated
        unanimity
        outcome
      }
    }
  }
`);

const CastVoteDocument = graphql(`
  mutation BoardCastVote($input: CastBoardVoteInput!) {
    castBoardVote(input: $input) {
      vote {
        id
      }
      application {
        id
        status
        award {
          id
          amount {
            amount
            currency
          }
        }
      }
      errors {
        code
        ...UserErrorFields
      }
    }
  }
`);

type Choice = 'APPROVE' | 'REJECT' | 'ABSTAIN';

/** Voting: the recommendation, the reviews, the tally so far and what decides, and the trustee's vote. */
export default function VotePage() {
  const id = useParams().id ?? '';
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const reason = usePermissionReason();
  const { data, loading, error, refetch } = useQuery(VotePageDocument, { variables: { id } });
  const app = data?.application;
  const canRead = !!app?.permissions.readReviews.allowed;
  const conf = useQuery(ConfidentialDocument, { variables: { id }, skip: !canRead });
  const c = conf.data?.application;
  usePageTitle(app?.projectTitle ?? t('vote.title'));
  const [choice, setChoice] = useState<Choice | ''>('');
  const [why, setWhy] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [cast, casting] = useMutation(CastVoteDocument);
  const refresh = () => {
    void refetch();
    if (canRead) void conf.refetch();
  };
  const tally = c?.boardTally;

  return (
    <QueryState loading={loading} error={error} hasData={!!data} onRetry={refresh}>
      {app ? (
        <Stack gap="lg">
          <div>
            <Text size="sm">
              <Anchor component={Link} to="/board">
                {t('staffNav.board')}
              </Anchor>
            </Text>
            <Title order={1}>{app.projectTitle}</Title>
            <Group gap="xs">
              <Badge color="blue.9">{t(`application.status.${app.status}`)}</Badge>
              <Text>
                {app.organization.legalName} · {app.call.title}
              </Text>
            </Group>
          </div>

          <Paper withBorder p="md" component="section" aria-labelledby="rec-title">
            <Title order={2} size="h3" id="rec-title" mb="xs">
              {t('vote.recommendation')}
            </Title>
            <dl className={classes.facts}>
              <dt>{t('vote.requested')}</dt>
              <dd>{formatMoney(app.requestedAmount, lang)}</dd>
              <dt>{t('vote.proposed')}</dt>
              <dd data-testid="proposed">{app.proposedAmount ? formatMoney(app.proposedAmount, lang) : '—'}</dd>
              {app.recommendedAt && (
                <>
                  <dt>{t('vote.recommendedAt')}</dt>
                  <dd>{formatDate(app.recommendedAt, lang)}</dd>
                </>
              )}
            </dl>
            {c?.recommendationComment && <Text mt="sm">{c.recommendationComment}</Text>}
            <Text mt="sm">{app.summary}</Text>
          </Paper>

          {!canRead ? (
            <Alert color={ATTENTION} title={t('vote.confidential')} data-testid="reviews-refused">
              {app.permissions.vote.code === 'CONFLICT_OF_INTEREST'
                ? t('errors.CONFLICT_OF_INTEREST')
                : reason(app.permissions.readReviews)}
            </Alert>
          ) : (
            <>
              {tally && (
                <Paper withBorder p="md" component="section" aria-labelledby="tally-title" data-testid="tally">
                  <Title order={2} size="h3" id="tally-title" mb="xs">
                    {t('vote.tallyTitle')}
                  </Title>
                  <Text>
                    {t('vote.tally', {
                      approvals: tally.approvals,
                      rejections: tally.rejections,
                      abstentions: tally.abstentions,
                    })}
                  </Text>
                  <Text>
                    {tally.unanimity
                      ? t('vote.decidesUnanimity', { eligible: tally.eligible })
                      : t('vote.decides', { required: tally.required, eligible: tally.eligible, seated: tally.seated })}
                  </Text>
                  {app.fund.unanimityThreshold && !tally.unanimity && (
                    <Text size="sm" c="dimmed">
                      {t('vote.unanimityAbove', { amount: formatMoney(app.fund.unanimityThreshold, lang) })}
                    </Text>
                  )}
                  <Text fw={600}>{t(`vote.outcome.${tally.outcome}`, { defaultValue: tally.outcome })}</Text>
                </Paper>
              )}
              <section aria-labelledby="reviews-title">
                <Title order={2} size="h3" id="reviews-title" mb="xs">
                  {t('vote.reviews')}
                </Title>
                <Stack gap="xs">
                  {(c?.reviews ?? []).map((r) => (
                    <Paper key={r.id} withBorder p="sm">
                      <Text fw={600}>
                        {t('vote.reviewLine', {
                          name: r.reviewer.displayName,
                          total: r.weightedTotal.toLocaleString(lang, { maximumFractionDigits: 2 }),
                        })}
                      </Text>
                      <Text size="sm">{r.comment}</Text>
                    </Paper>
                  ))}
                </Stack>
              </section>
              {(c?.votes?.length ?? 0) > 0 && (
                <section aria-labelledby="votes-title">
                  <Title order={2} size="h3" id="votes-title" mb="xs">
                    {t('vote.votes')}
                  </Title>
                  <Stack gap={4}>
                    {c?.votes?.map((v) => (
                      <Text key={v.id} size="sm">
                        {t('vote.voteLine', {
                          name: v.voter.displayName,
                          choice: t(`vote.choice.${v.choice}`),
                          reason: v.reason,
                        })}
                      </Text>
                    ))}
                  </Stack>
                </section>
              )}
            </>
          )}

          {app.award && (
            <Alert color={SUCCESS} title={t('vote.decidedTitle')} data-testid="award-created">
              {t('vote.awardCreated', { amount: formatMoney(app.award.amount, lang) })}
            </Alert>
          )}

          <Paper withBorder p="md" component="section" aria-labelledby="cast-title">
            <Title order={2} size="h3" id="cast-title" mb="xs">
              {t('vote.castTitle')}
            </Title>
            <Stack gap="sm">
              {app.permissions.vote.allowed && (
                <>
                  <Radio.Group label={t('vote.choiceLabel')} value={choice} onChange={(v) => setChoice(v as Choice)}>
                    <Group mt={4}>
                      {(['APPROVE', 'REJECT', 'ABSTAIN'] as const).map((k) => (
                        <Radio key={k} value={k} label={t(`vote.choice.${k}`)} />
                      ))}
                    </Group>
                  </Radio.Group>
                  <Textarea
                    label={t('vote.reason')}
                    value={why}
                    onChange={(e) => setWhy(e.currentTarget.value)}
                    error={errors.reason}
                    autosize
                    minRows={2}
                  />
                </>
              )}
              {errors._form && (
                <Alert color="red" role="alert">
                  {errors._form}
                </Alert>
              )}
              <PermissionButton
                permission={app.permissions.vote}
                disabled={!choice || why.trim().length === 0}
                loading={casting.loading}
                onClick={() =>
                  void cast({
                    variables: { input: { applicationId: app.id, choice: choice as Choice, reason: why } },
                  }).then((r) => {
                    const errs = r.data?.castBoardVote.errors ?? [];
                    setErrors(errorsByField(errs, t, ['reason', 'choice']));
                    if (!errs.length) refresh();
                  })
                }
              >
                {t('vote.cast')}
              </PermissionButton>
            </Stack>
          </Paper>
        </Stack>
      ) : (
        <Alert color="yellow">{t('failure.notFound.body')}</Alert>
      )}
    </QueryState>
  );
}
