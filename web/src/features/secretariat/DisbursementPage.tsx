import { useState } from 'react';
import { Alert, Anchor, Badge, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { graphql } from '../../gql';
import type { SecAwardQuery } from '../../gql/graphql';
import { errorsByField, type PayloadError } from '../../app/errors';
import { formatDate, formatMoney } from '../../app/format';
import { QueryState } from '../../app/QueryState';
import { usePageTitle } from '../../app/usePageTitle';
import { PermissionButton } from '../ngo/PermissionButton';
import { TRANCHE_STATUS_COLOR } from '../ngo/colors';
import classes from '../ngo/ngo.module.css';

const SecAwardDocument = graphql(`
  query SecAward($id: String!) {
    award(id: $id) {
      id
      status
      startDate
      endDate
      amount {
        amount
        currency
      }
      paid {
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
        trancheApproverRoles
        paymentSeparationOfDuties
      }
      tranches {
        id
        number
        status
        plannedDate
        requestedAt
        requestedById
        approvedAt
        approvedById
        paidOn
        paidById
        paymentReference
        amount {
          amount
          currency
        }
        unpaidAmount {
          amount
          currency
        }
        condition {
          id
          kind
          status
          dueDate
        }
        permissions {
          request {
            allowed
            code
            reason
          }
          approve {
            allowed
            code
            reason
          }
          pay {
            allowed
            code
            reason
          }
        }
      }
      reports {
        id
        kind
        status
        dueDate
        currentSubmission {
          version
          submittedAt
          narrative
        }
        permissions {
          accept {
            allowed
            code
            reason
          }
        }
      }
    }
  }
`);

const RequestTrancheDocument = graphql(`
  mutation SecRequestTranche($input: TrancheActionInput!) {
    requestTranche(input: $input) {
      tranche {
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
const ApproveTrancheDocument = graphql(`
  mutation SecApproveTranche($input: TrancheActionInput!) {
    approveTranche(input: $input) {
      tranche {
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
const PayTrancheDocument = graphql(`
  mutation SecPayTranche($input: RecordTranchePaymentInput!) {
    recordTranchePayment(input: $input) {
      tranche {
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
const AcceptReportDocument = graphql(`
  mutation SecAcceptReport($input: AcceptReportInput!) {
    acceptReport(input: $input) {
      report {
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

type Tranche = NonNullable<SecAwardQuery['award']>['tranches'][number];

/** A grant's disbursements with four eyes visible (who requested, who may approve), and its reports. */
export default function DisbursementPage() {
  const id = useParams().id ?? '';
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const { data, loading, error, refetch } = useQuery(SecAwardDocument, { variables: { id } });
  const award = data?.award;
  usePageTitle(award?.application.projectTitle ?? t('disb.title'));
  const [acceptReport] = useMutation(AcceptReportDocument);

  return (
    <QueryState loading={loading} error={error} hasData={!!data} onRetry={() => void refetch()}>
      {award ? (
        <Stack gap="lg">
          <div>
            <Text size="sm">
              <Anchor component={Link} to="/secretariat">
                {t('staffNav.inbox')}
              </Anchor>
            </Text>
            <Title order={1}>{award.application.projectTitle}</Title>
            <Text>{award.organization.legalName}</Text>
          </div>
          <Paper withBorder p="md">
            <dl className={classes.facts}>
              <dt>{t('disb.amount')}</dt>
              <dd>{formatMoney(award.amount, lang)}</dd>
              <dt>{t('disb.paid')}</dt>
              <dd>{formatMoney(award.paid, lang)}</dd>
              <dt>{t('disb.period')}</dt>
              <dd>
                {formatDate(award.startDate, lang)} – {formatDate(award.endDate, lang)}
              </dd>
            </dl>
          </Paper>
          <Alert color="blue" title={t('disb.fourEyesTitle')}>
            {t('disb.fourEyes', {
              roles: award.fund.trancheApproverRoles.map((r) => t(`disb.role.${r}`, { defaultValue: r })).join(', '),
            })}{' '}
            {award.fund.paymentSeparationOfDuties && t('disb.payerRule')}
          </Alert>
          <section aria-labelledby="tranches-title">
            <Title order={2} size="h3" id="tranches-title" mb="xs">
              {t('disb.tranches')}
            </Title>
            <Stack gap="md">
              {award.tranches.map((tr) => (
                <TrancheCard key={tr.id} tranche={tr} onDone={() => void refetch()} />
              ))}
            </Stack>
          </section>
          <section aria-labelledby="reports-title">
            <Title order={2} size="h3" id="reports-title" mb="xs">
              {t('disb.reports')}
            </Title>
            <Stack gap="xs">
              {award.reports.map((r) => (
                <Paper key={r.id} withBorder p="sm" data-testid={`report-${r.kind}`}>
                  <Group justify="space-between" wrap="wrap">
                    <Text fw={600}>
                      {t('disb.reportName', {
                        kind: t(`disb.reportKind.${r.kind}`),
                        date: formatDate(r.dueDate, lang),
                      })}
                    </Text>
                    <Badge color="gray.8">{t(`disb.reportStatus.${r.status}`)}</Badge>
                  </Group>
                  {r.currentSubmission && (
                    <Text size="sm">
                      {t('disb.reportSubmitted', {
                        version: r.currentSubmission.version,
                        date: formatDate(r.currentSubmission.submittedAt, lang),
                      })}
                    </Text>
                  )}
                  <Anchor component={Link} to={`/secretariat/reports/${encodeURIComponent(r.id)}`} size="sm">
                    {t('reportReview.review')}
                  </Anchor>
                  {r.status === 'SUBMITTED' && (
                    <PermissionButton
                      mt="xs"
                      size="xs"
                      permission={r.permissions.accept}
                      onClick={() =>
                        void acceptReport({ variables: { input: { reportId: r.id } } }).then(() => refetch())
                      }
                    >
                      {t('disb.acceptReport')}
                    </PermissionButton>
                  )}
                </Paper>
              ))}
            </Stack>
          </section>
        </Stack>
      ) : (
        <Alert color="yellow">{t('failure.notFound.body')}</Alert>
      )}
    </QueryState>
  );
}

const today = () => new Date().toISOString().slice(0, 10);

function TrancheCard({ tranche: tr, onDone }: { tranche: Tranche; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const names = useUserNames([tr.requestedById, tr.approvedById, tr.paidById]);
  const [request, req] = useMutation(RequestTrancheDocument);
  const [approve, appr] = useMutation(ApproveTrancheDocument);
  const [pay, paying] = useMutation(PayTrancheDocument);
  const [reference, setReference] = useState('');
  const [valueDate, setValueDate] = useState(today());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const done = (errs: readonly PayloadError[] | undefined) => {
    setErrors(errorsByField(errs ?? [], t, ['reference', 'valueDate']));
    if (!errs?.length) onDone();
  };
  const name = (id: string | null | undefined) => (id ? (names.get(id) ?? t('disb.someone')) : '');

  return (
    <Paper withBorder p="md" data-testid={`tranche-${tr.number}`}>
      <Group justify="space-between" wrap="wrap">
        <Title order={3} size="h4">
          {t('disb.trancheTitle', { number: tr.number, amount: formatMoney(tr.amount, lang) })}
        </Title>
        <Badge color={TRANCHE_STATUS_COLOR[tr.status]}>{t(`disb.status.${tr.status}`)}</Badge>
      </Group>
      <Text size="sm">{t('disb.planned', { date: formatDate(tr.plannedDate, lang) })}</Text>
      {tr.condition && (
        <Text size="sm">
          {t('disb.condition', {
            kind: t(`disb.reportKind.${tr.condition.kind}`),
            status: t(`disb.reportStatus.${tr.condition.status}`),
          })}
        </Text>
      )}
      <Stack gap={2} mt="xs" data-testid={`four-eyes-${tr.number}`}>
        {tr.requestedAt && (
          <Text size="sm">
            {t('disb.requestedBy', { name: name(tr.requestedById), date: formatDate(tr.requestedAt, lang, true) })}
          </Text>
        )}
        {tr.status === 'REQUESTED' && <Text size="sm">{t('disb.mayApprove', { name: name(tr.requestedById) })}</Text>}
        {tr.approvedAt && (
          <Text size="sm">
            {t('disb.approvedBy', { name: name(tr.approvedById), date: formatDate(tr.approvedAt, lang, true) })}
          </Text>
        )}
        {tr.paidOn && (
          <Text size="sm">
            {t('disb.paidBy', {
              name: name(tr.paidById),
              date: formatDate(tr.paidOn, lang),
              reference: tr.paymentReference ?? '',
            })}
          </Text>
        )}
      </Stack>
      <Group mt="sm" align="flex-start" wrap="wrap">
        {tr.status === 'SCHEDULED' && (
          <PermissionButton
            permission={tr.permissions.request}
            loading={req.loading}
            onClick={() =>
              void request({ variables: { input: { trancheId: tr.id } } }).then((r) =>
                done(r.data?.requestTranche.errors),
              )
            }
          >
            {t('disb.request')}
          </PermissionButton>
        )}
        {tr.status === 'REQUESTED' && (
          <PermissionButton
            permission={tr.permissions.approve}
            loading={appr.loading}
            onClick={() =>
              void approve({ variables: { input: { trancheId: tr.id } } }).then((r) =>
                done(r.data?.approveTranche.errors),
              )
            }
          >
            {t('disb.approve')}
          </PermissionButton>
        )}
      </Group>
      {tr.status === 'APPROVED' && (
        <Stack gap="sm" mt="sm" component="form" onSubmit={(e) => e.preventDefault()}>
          <Text fw={600}>{t('disb.payTitle', { amount: formatMoney(tr.unpaidAmount, lang) })}</Text>
          <Group align="flex-start" wrap="wrap">
            <TextInput
              label={t('disb.reference')}
              value={reference}
              onChange={(e) => setReference(e.currentTarget.value)}
              error={errors.reference}
            />
            <TextInput
              label={t('disb.valueDate')}
              type="date"
              value={valueDate}
              onChange={(e) => setValueDate(e.currentTarget.value)}
              error={errors.valueDate}
            />
          </Group>
          <PermissionButton
            type="submit"
            permission={tr.permissions.pay}
            loading={paying.loading}
            disabled={reference.trim().length === 0}
            onClick={() =>
              void pay({ variables: { input: { trancheId: tr.id, reference: reference.trim(), valueDate } } }).then(
                (r) => done(r.data?.recordTranchePayment.errors),
              )
            }
          >
            {t('disb.pay')}
          </PermissionButton>
        </Stack>
      )}
      {errors._form && (
        <Alert color="red" role="alert" mt="sm">
          {errors._form}
        </Alert>
      )}
    </Paper>
  );
}

const UserNameDocument = graphql(`
  query StaffUserName($id: ID!) {
    node(id: $id) {
      id
      ... on User {
        displayName
      }
    }
  }
`);

/** The names of the people behind a tranche's steps (the secretariat may read users). */
function useUserNames(ids: (string | null | undefined)[]): Map<string, string> {
  const [a, b, c] = ids;
  const qa = useQuery(UserNameDocument, { variables: { id: a ?? '' }, skip: !a });
  const qb = useQuery(UserNameDocument, { variables: { id: b ?? '' }, skip: !b });
  const qc = useQuery(UserNameDocument, { variables: { id: c ?? '' }, skip: !c });
  const out = new Map<string, string>();
  for (const q of [qa, qb, qc]) {
    const n = q.data?.node;
    if (n && 'displayName' in n) out.set(n.id, n.displayName);
  }
  return out;
}
