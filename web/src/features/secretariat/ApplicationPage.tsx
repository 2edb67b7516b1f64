import { useState } from 'react';
import {
  Alert,
  Anchor,
  Badge,
  Group,
  Paper,
  Radio,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { ATTENTION } from '../ngo/colors';
import { Link, useParams } from 'react-router';
import { graphql } from '../../gql';
import { errorsByField } from '../../app/errors';
import { formatDate, formatMoney, fromMinorUnits, toMinorUnits } from '../../app/format';
import { QueryState } from '../../app/QueryState';
import { usePageTitle } from '../../app/usePageTitle';
import { PermissionButton, type PermissionLike } from '../ngo/PermissionButton';
import { FundMoney } from './FundMoney';
import classes from '../ngo/ngo.module.css';
import { DocumentsPanel } from '../documents/DocumentsPanel';
import { applicationSlots } from '../documents/slots';

const SecApplicationDocument = graphql(`
  query SecApplication($id: String!) {
    application(id: $id) {
      id
      status
      version
      projectTitle
      summary
      durationMonths
      submittedAt
      infoRequest
      failedRules
      recommendationComment
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
        country
        vettingStatus
      }
      fund {
        id
      }
      call {
        id
        title
        requiredDocuments
        eligibilityRules {
          key
          label
        }
        minAward {
          amount
          currency
        }
        maxAward {
          amount
          currency
        }
        envelope {
          amount
          currency
        }
        remainingEnvelope {
          amount
          currency
        }
      }
      eligibilityChecks {
        ruleKey
        passed
        comment
        version
        decidedAt
      }
      reviews {
        id
        comment
        weightedTotal
        reviewer {
          id
          displayName
        }
      }
      permissions {
        screen {
          allowed
          code
          reason
        }
        requestInfo {
          allowed
          code
          reason
        }
        recommend {
          allowed
          code
          reason
        }
      }
    }
  }
`);

const ScreenDocument = graphql(`
  mutation ScreenApplication($input: ScreenApplicationInput!) {
    screenApplication(input: $input) {
      application {
        id
        status
      }
      errors {
        code
        ...UserErrorFields
      }
    }
  }
`);

const RequestInfoDocument = graphql(`
  mutation SecRequestInfo($input: RequestApplicationInfoInput!) {
    requestApplicationInfo(input: $input) {
      application {
        id
        status
      }
      errors {
        code
        ...UserErrorFields
      }
    }
  }
`);

const RecommendDocument = graphql(`
  mutation RecommendApplication($input: RecommendApplicationInput!) {
    recommendApplication(input: $input) {
      application {
        id
        status
      }
      errors {
        code
        ...UserErrorFields
      }
    }
  }
`);

type Check = { passed: boolean | null; comment: string };

/** Screening per eligibility rule, a request for information, and the recommendation to the board. */
export default function ApplicationPage() {
  const id = useParams().id ?? '';
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const { data, loading, error, refetch } = useQuery(SecApplicationDocument, {
    variables: { id },
    errorPolicy: 'all',
  });
  const app = data?.application;
  usePageTitle(app?.projectTitle ?? t('secApp.title'));
  const refresh = () => void refetch();

  return (
    <QueryState loading={loading} error={data ? undefined : error} hasData={!!data} onRetry={refresh}>
      {app ? (
        <Stack gap="lg">
          <div>
            <Text size="sm">
              <Anchor component={Link} to="/secretariat">
                {t('staffNav.inbox')}
              </Anchor>
            </Text>
            <Title order={1}>{app.projectTitle}</Title>
            <Group gap="xs" mt="xs">
              <Badge color="blue.9">{t(`application.status.${app.status}`)}</Badge>
              <Text size="sm">{app.organization.legalName}</Text>
              <Badge color={app.organization.vettingStatus === 'VERIFIED' ? 'teal.9' : ATTENTION} variant="outline">
                {t(`vetting.${app.organization.vettingStatus}`)}
              </Badge>
            </Group>
          </div>
          <Paper withBorder p="md">
            <dl className={classes.facts}>
              <dt>{t('application.call')}</dt>
              <dd>{app.call.title}</dd>
              <dt>{t('application.requestedAmount')}</dt>
              <dd>{formatMoney(app.requestedAmount, lang)}</dd>
              <dt>{t('secApp.duration')}</dt>
              <dd>{t('secApp.months', { count: app.durationMonths })}</dd>
              <dt>{t('secApp.submitted')}</dt>
              <dd>{app.submittedAt ? formatDate(app.submittedAt, lang, true) : '—'}</dd>
            </dl>
            <Text mt="sm">{app.summary}</Text>
          </Paper>

          {app.permissions.screen.allowed && (
            <ScreeningForm
              applicationId={app.id}
              rules={app.call.eligibilityRules}
              onDone={refresh}
              permission={app.permissions.screen}
            />
          )}
          {app.eligibilityChecks.length > 0 && (
            <section aria-labelledby="checks-title">
              <Title order={2} size="h3" id="checks-title" mb="xs">
                {t('secApp.checksTitle')}
              </Title>
              <Stack gap={4}>
                {app.eligibilityChecks.map((c) => (
                  <Text key={`${c.version}-${c.ruleKey}`} size="sm">
                    {t('secApp.checkLine', {
                      rule: app.call.eligibilityRules.find((r) => r.key === c.ruleKey)?.label ?? c.ruleKey,
                      result: t(c.passed ? 'secApp.passed' : 'secApp.failed'),
                      version: c.version,
                    })}
                    {c.comment ? ` — ${c.comment}` : ''}
                  </Text>
                ))}
              </Stack>
            </section>
          )}
          {app.permissions.requestInfo.allowed && (
            <RequestInfoForm applicationId={app.id} onDone={refresh} permission={app.permissions.requestInfo} />
          )}
          {app.infoRequest && app.status === 'INFO_REQUESTED' && (
            <Alert color="blue" title={t('secApp.infoAsked')}>
              {app.infoRequest}
            </Alert>
          )}

          {(app.status === 'UNDER_REVIEW' || app.status === 'ELIGIBLE' || app.reviews?.length) && (
            <section aria-labelledby="reviews-title">
              <Title order={2} size="h3" id="reviews-title" mb="xs">
                {t('secApp.reviewsTitle')}
              </Title>
              {app.reviews && app.reviews.length > 0 ? (
                <Stack gap="xs">
                  {app.reviews.map((r) => (
                    <Paper key={r.id} withBorder p="sm">
                      <Text fw={600}>
                        {t('secApp.reviewLine', {
                          name: r.reviewer.displayName,
                          total: r.weightedTotal.toLocaleString(lang, { maximumFractionDigits: 2 }),
                        })}
                      </Text>
                      <Text size="sm">{r.comment}</Text>
                    </Paper>
                  ))}
                </Stack>
              ) : (
                <Text c="dimmed">{t('secApp.noReviews')}</Text>
              )}
            </section>
          )}

          {(app.status === 'UNDER_REVIEW' || app.status === 'ELIGIBLE') && (
            <RecommendForm app={app} onDone={refresh} permission={app.permissions.recommend} fundId={app.fund.id} />
          )}
          {app.proposedAmount && (
            <Paper withBorder p="md">
              <Text fw={600}>{t('secApp.proposed', { amount: formatMoney(app.proposedAmount, lang) })}</Text>
              {app.recommendationComment && <Text size="sm">{app.recommendationComment}</Text>}
            </Paper>
          )}
          <DocumentsPanel
            ownerId={app.id}
            title={t('documents.applicationTitle')}
            slots={applicationSlots(app.call.requiredDocuments)}
            canUpload={false}
          />
        </Stack>
      ) : (
        <Alert color="yellow">{t('failure.notFound.body')}</Alert>
      )}
    </QueryState>
  );
}

interface PermissionProps {
  permission: PermissionLike;
}

function ScreeningForm(
  props: {
    applicationId: string;
    rules: { key: string; label: string }[];
    onDone: () => void;
  } & PermissionProps,
) {
  const { t } = useTranslation();
  const [checks, setChecks] = useState<Record<string, Check>>({});
  const [screen, { loading }] = useMutation(ScreenDocument);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const decided = props.rules.every((r) => checks[r.key]?.passed != null);
  const submit = async () => {
    const r = await screen({
      variables: {
        input: {
          applicationId: props.applicationId,
          checks: props.rules.map((rule) => ({
            ruleKey: rule.key,
            passed: checks[rule.key]?.passed ?? false,
            comment: checks[rule.key]?.comment || null,
          })),
        },
      },
    });
    const errs = r.data?.screenApplication.errors ?? [];
    setErrors(errorsByField(errs, t, []));
    if (!errs.length) props.onDone();
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="screen-title">
      <Title order={2} size="h3" id="screen-title" mb="xs">
        {t('secApp.screenTitle')}
      </Title>
      <Stack gap="md">
        {props.rules.map((rule) => (
          <Stack key={rule.key} gap={4}>
            <Radio.Group
              label={rule.label}
              value={checks[rule.key]?.passed == null ? '' : String(checks[rule.key]?.passed)}
              onChange={(v) =>
                setChecks((c) => ({ ...c, [rule.key]: { comment: c[rule.key]?.comment ?? '', passed: v === 'true' } }))
              }
            >
              <Group mt={4}>
                <Radio value="true" label={t('secApp.passes')} />
                <Radio value="false" label={t('secApp.fails')} />
              </Group>
            </Radio.Group>
            <TextInput
              label={t('secApp.ruleComment', { rule: rule.label })}
              value={checks[rule.key]?.comment ?? ''}
              onChange={(e) => {
                const comment = e.currentTarget.value;
                setChecks((c) => ({ ...c, [rule.key]: { passed: c[rule.key]?.passed ?? null, comment } }));
              }}
            />
          </Stack>
        ))}
        {errors._form && (
          <Alert color="red" role="alert">
            {errors._form}
          </Alert>
        )}
        <PermissionButton
          permission={props.permission}
          onClick={() => void submit()}
          loading={loading}
          disabled={!decided}
        >
          {t('secApp.screenSubmit')}
        </PermissionButton>
        {!decided && (
          <Text size="sm" c="dimmed">
            {t('secApp.decideEveryRule')}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

function RequestInfoForm(props: { applicationId: string; onDone: () => void } & PermissionProps) {
  const { t } = useTranslation();
  const [message, setMessage] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [ask, { loading }] = useMutation(RequestInfoDocument);
  const submit = async () => {
    const r = await ask({ variables: { input: { applicationId: props.applicationId, message } } });
    const errs = r.data?.requestApplicationInfo.errors ?? [];
    setError(errs.length ? Object.values(errorsByField(errs, t, [])).join(' ') : null);
    if (!errs.length) {
      setMessage('');
      props.onDone();
    }
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="info-title">
      <Title order={2} size="h3" id="info-title" mb="xs">
        {t('secApp.infoTitle')}
      </Title>
      <Stack gap="sm">
        <Textarea
          label={t('secApp.infoMessage')}
          value={message}
          onChange={(e) => setMessage(e.currentTarget.value)}
          error={error}
          autosize
          minRows={2}
        />
        <PermissionButton
          permission={props.permission}
          variant="default"
          onClick={() => void submit()}
          loading={loading}
          disabled={message.trim().length < 3}
        >
          {t('secApp.infoSubmit')}
        </PermissionButton>
      </Stack>
    </Paper>
  );
}

type Money = { amount: string; currency: string };

function RecommendForm(
  props: {
    app: {
      id: string;
      requestedAmount: Money;
      call: { minAward: Money; maxAward: Money; remainingEnvelope: Money; envelope: Money };
    };
    fundId: string;
    onDone: () => void;
  } & PermissionProps,
) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const { app } = props;
  const currency = app.requestedAmount.currency;
  const [choice, setChoice] = useState<'yes' | 'no'>('yes');
  const [amount, setAmount] = useState(app.requestedAmount.amount);
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [recommend, { loading }] = useMutation(RecommendDocument);

  // The limits the API applies: a valid amount, at most the request, within the call's award limits.
  const minor = toMinorUnits(amount, currency);
  const requested = toMinorUnits(app.requestedAmount.amount, currency) ?? 0n;
  const remaining = toMinorUnits(app.call.remainingEnvelope.amount, currency) ?? 0n;
  const min = toMinorUnits(app.call.minAward.amount, currency) ?? 0n;
  const max = toMinorUnits(app.call.maxAward.amount, currency) ?? 0n;
  let amountProblem: string | null = null;
  if (choice === 'yes') {
    if (minor === null) amountProblem = t('secApp.invalidAmount');
    else if (minor > requested) amountProblem = t('secApp.aboveRequested');
    else if (minor < min || minor > max)
      amountProblem = t('secApp.outsideLimits', {
        min: formatMoney(app.call.minAward, lang),
        max: formatMoney(app.call.maxAward, lang),
      });
  }
  const envelopeAfter = minor !== null ? remaining - minor : null;

  const submit = async () => {
    const r = await recommend({
      variables: {
        input: {
          applicationId: app.id,
          recommend: choice === 'yes',
          proposedAmount: choice === 'yes' ? amount.trim() : null,
          comment: comment || null,
        },
      },
    });
    const errs = r.data?.recommendApplication.errors ?? [];
    setErrors(errorsByField(errs, t, ['proposedAmount', 'comment']));
    if (!errs.length) props.onDone();
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="recommend-title">
      <Title order={2} size="h3" id="recommend-title" mb="xs">
        {t('secApp.recommendTitle')}
      </Title>
      <Stack gap="sm">
        <Group align="stretch" grow wrap="wrap">
          <Paper withBorder p="sm" data-testid="envelope">
            <Text fw={600}>{t('secApp.remainingEnvelope')}</Text>
            <Text>
              {t('secApp.envelopeOf', {
                remaining: formatMoney(app.call.remainingEnvelope, lang),
                envelope: formatMoney(app.call.envelope, lang),
              })}
            </Text>
            {choice === 'yes' && envelopeAfter !== null && !amountProblem && (
              <Text size="sm" c={envelopeAfter < 0n ? 'red.9' : undefined}>
                {t('secApp.envelopeAfter', {
                  amount: formatMoney({ amount: fromMinorUnits(envelopeAfter, currency), currency }, lang),
                })}
              </Text>
            )}
          </Paper>
          <FundMoney fundId={props.fundId} title={t('secApp.fundMoney')} />
        </Group>
        <SegmentedControl
          aria-label={t('secApp.recommendChoice')}
          value={choice}
          onChange={(v) => setChoice(v as 'yes' | 'no')}
          data={[
            { value: 'yes', label: t('secApp.recommendYes') },
            { value: 'no', label: t('secApp.recommendNo') },
          ]}
        />
        {choice === 'yes' && (
          <TextInput
            label={t('secApp.proposedAmount', { currency })}
            description={t('secApp.proposedHint', { requested: formatMoney(app.requestedAmount, lang) })}
            value={amount}
            onChange={(e) => setAmount(e.currentTarget.value)}
            error={amountProblem ?? errors.proposedAmount}
            inputMode="decimal"
          />
        )}
        <Textarea
          label={t('secApp.recommendComment')}
          value={comment}
          onChange={(e) => setComment(e.currentTarget.value)}
          error={errors.comment}
          autosize
          minRows={2}
        />
        {errors._form && (
          <Alert color="red" role="alert">
            {errors._form}
          </Alert>
        )}
        <PermissionButton
          permission={props.permission}
          onClick={() => void submit()}
          loading={loading}
          disabled={!!amountProblem}
        >
          {t(choice === 'yes' ? 'secApp.recommendSubmit' : 'secApp.notRecommendSubmit')}
        </PermissionButton>
      </Stack>
    </Paper>
  );
}
