import { Alert, Anchor, Badge, Group, Paper, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ATTENTION } from './colors';
import { Link, useParams } from 'react-router';
import { graphql } from '../../gql';
import type { ReportPageQuery } from '../../gql/graphql';
import { failureKind } from '../../app/apollo';
import { errorsByField } from '../../app/errors';
import { formatDate, formatMoney, fromMinorUnits, toMinorUnits } from '../../app/format';
import { QueryState } from '../../app/QueryState';
import { usePageTitle } from '../../app/usePageTitle';
import { checkCounts, emptyCounts, type CountsDraft } from './counts';
import { CountsForm } from './CountsForm';
import { PermissionButton } from './PermissionButton';
import { ReportHistory } from './ReportHistory';
import { DocumentsPanel } from '../documents/DocumentsPanel';
import { reportSlots } from '../documents/slots';

const ReportPageDocument = graphql(`
  query ReportPage($id: ID!) {
    node(id: $id) {
      __typename
      ... on Report {
        id
        kind
        status
        dueDate
        award {
          id
          startDate
          paid {
            amount
            currency
          }
          application {
            id
            projectTitle
            budgetLines {
              category
              description
              amount {
                amount
                currency
              }
            }
          }
        }
        currentSubmission {
          id
          version
          reviewComment
        }
        permissions {
          submit {
            allowed
            reason
            code
          }
        }
        submissions {
          id
          version
          submittedAt
          periodFrom
          periodTo
          narrative
          reviewComment
          spending {
            category
            amount {
              amount
              currency
            }
          }
          beneficiaries {
            total
            bySex {
              FEMALE
              MALE
              OTHER_OR_UNKNOWN
            }
            byAgeGroup {
              CHILD
              ADULT
              UNKNOWN
            }
            byExploitation {
              SEXUAL_EXPLOITATION
              FORCED_LABOUR
              DOMESTIC_SERVITUDE
              FORCED_MARRIAGE
              ORGAN_REMOVAL
              FORCED_CRIMINALITY
              OTHER
            }
            byAssistance {
              SHELTER
              MEDICAL
              PSYCHOLOGICAL
              LEGAL
              REINTEGRATION
              OTHER
            }
            byNationality {
              country
              count
            }
          }
        }
      }
    }
  }
`);

const SubmitReportDocument = graphql(`
  mutation SubmitReport($input: SubmitReportInput!) {
    submitReport(input: $input) {
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

type ReportNode = Extract<NonNullable<ReportPageQuery['node']>, { __typename: 'Report' }>;
type Submission = ReportNode['submissions'][number];

/** The statuses in which the grantee (re)submits the report. */
const OPEN = new Set(['DUE', 'OVERDUE', 'REVISION_REQUESTED']);

const FIELDS = [
  'periodFrom',
  'periodTo',
  'narrative',
  'spending',
  'beneficiaries.total',
  'beneficiaries.bySex',
  'beneficiaries.byAgeGroup',
  'beneficiaries.byExploitation',
  'beneficiaries.byNationality',
  'beneficiaries.byAssistance',
] as const;

function fromSubmission(s: Submission): CountsDraft {
  const str = <T extends object>(o: T) =>
    Object.fromEntries(
      Object.entries(o)
        .filter(([k]) => k !== '__typename')
        .map(([k, v]) => [k, String(v)]),
    );
  const b = s.beneficiaries;
  return {
    total: String(b.total),
    bySex: str(b.bySex) as CountsDraft['bySex'],
    byAgeGroup: str(b.byAgeGroup) as CountsDraft['byAgeGroup'],
    byExploitation: str(b.byExploitation) as CountsDraft['byExploitation'],
    byAssistance: str(b.byAssistance) as CountsDraft['byAssistance'],
    byNationality: b.byNationality.map((n) => ({ country: n.country, count: String(n.count) })),
  };
}

export default function ReportPage() {
  const id = useParams().id ?? '';
  const { t } = useTranslation();
  const { data, loading, error, refetch } = useQuery(ReportPageDocument, { variables: { id } });
  const report = data?.node?.__typename === 'Report' ? data.node : null;
  usePageTitle(report ? t(`grant.reportKind.${report.kind}`) : t('report.title'));
  return (
    <QueryState loading={loading} error={error} hasData={!!data} onRetry={() => void refetch()}>
      {report ? (
        <ReportView key={`${report.id}:${report.status}`} report={report} />
      ) : (
        <Alert color="yellow">{t('failure.notFound.body')}</Alert>
      )}
    </QueryState>
  );
}

function ReportView({ report }: { report: ReportNode }) {
  const { t, i18n } = useTranslation();
  const client = useApolloClient();
  const lang = i18n.resolvedLanguage ?? 'en';
  const award = report.award;
  const currency = award.paid.currency;
  const last = report.submissions.at(-1);
  const [period, setPeriod] = useState({
    from: last?.periodFrom ?? award.startDate,
    to: last?.periodTo ?? new Date().toISOString().slice(0, 10),
  });
  const [narrative, setNarrative] = useState(last?.narrative ?? '');
  const [counts, setCounts] = useState<CountsDraft>(() => (last ? fromSubmission(last) : emptyCounts()));
  const [spending, setSpending] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      award.application.budgetLines.map((l) => [
        l.category,
        last?.spending.find((s) => s.category === l.category)?.amount.amount ?? '',
      ]),
    ),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [submit, { loading }] = useMutation(SubmitReportDocument, {
    refetchQueries: [ReportPageDocument],
    awaitRefetchQueries: true,
  });
  const check = useMemo(() => checkCounts(counts), [counts]);
  const open = OPEN.has(report.status);

  const spendingMinor = Object.values(spending).map((a) => (a.trim() ? toMinorUnits(a, currency) : 0n));
  const spendingTotal = spendingMinor.every((m) => m !== null)
    ? spendingMinor.reduce<bigint>((s, m) => s + (m ?? 0n), 0n)
    : null;
  const paidMinor = toMinorUnits(award.paid.amount, currency) ?? 0n;
  const aboveTotal = spendingTotal !== null && spendingTotal > paidMinor;
  const money = (amount: string) => formatMoney({ amount, currency }, lang);

  const countErrors = useMemo(() => {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(errors)) if (k.startsWith('beneficiaries.')) out[k.slice(14)] = v;
    return out;
  }, [errors]);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!narrative.trim()) local.narrative = t('form.required');
    if (period.from > period.to) local.periodTo = t('report.periodOrder');
    if (spendingTotal === null) local.spending = t('appForm.invalidAmount');
    else if (aboveTotal) local.spending = t('errors.SPENDING_ABOVE_PAID');
    setErrors(local);
    if (Object.keys(local).length || !check.input) return;
    try {
      const { data } = await submit({
        variables: {
          input: {
            reportId: report.id,
            periodFrom: period.from,
            periodTo: period.to,
            narrative: narrative.trim(),
            beneficiaries: check.input,
            spending: Object.entries(spending).map(([category, amount]) => ({
              category,
              amount: amount.trim() || '0',
            })),
          },
        },
      });
      const errs = data?.submitReport.errors ?? [];
      if (errs.length) setErrors(errorsByField(errs, t, FIELDS));
    } catch (err) {
      setErrors({ _form: t(`failure.${failureKind(err)}.body`) });
    }
  }

  return (
    <Stack gap="lg">
      <div>
        <Text size="sm">
          <Anchor component={Link} to={`/ngo/awards/${encodeURIComponent(award.id)}`}>
            {award.application.projectTitle}
          </Anchor>
        </Text>
        <Title order={1}>{t(`grant.reportKind.${report.kind}`)}</Title>
        <Group gap="xs" mt="xs">
          <Badge color={report.status === 'ACCEPTED' ? 'teal.9' : 'blue.9'}>
            {t(`grant.reportStatus.${report.status}`)}
          </Badge>
          <Text size="sm">{t('report.due', { date: formatDate(report.dueDate, lang) })}</Text>
        </Group>
      </div>

      {report.status === 'REVISION_REQUESTED' && report.currentSubmission?.reviewComment && (
        <Alert color={ATTENTION} title={t('report.revisionRequested')}>
          <Text style={{ whiteSpace: 'pre-wrap' }}>{report.currentSubmission.reviewComment}</Text>
        </Alert>
      )}
      {!open && <Alert color="blue">{t(`report.closed.${report.status}`, { defaultValue: '' })}</Alert>}

      {open && (
        <Paper withBorder p="md" component="form" onSubmit={(e) => void onSubmit(e)} noValidate>
          <Stack>
            {errors._form && (
              <Alert color="red" role="alert">
                {errors._form}
              </Alert>
            )}
            <Group grow wrap="wrap" align="flex-start">
              <TextInput
                type="date"
                label={t('report.periodFrom')}
                required
                value={period.from}
                onChange={(e) => setPeriod({ ...period, from: e.currentTarget.value })}
                error={errors.periodFrom}
                miw={160}
              />
              <TextInput
                type="date"
                label={t('report.periodTo')}
                required
                value={period.to}
                onChange={(e) => setPeriod({ ...period, to: e.currentTarget.value })}
                error={errors.periodTo}
                miw={160}
              />
            </Group>
            <Textarea
              label={t('report.narrative')}
              description={t('report.narrativeHint')}
              required
              autosize
              minRows={4}
              value={narrative}
              onChange={(e) => setNarrative(e.currentTarget.value)}
              error={errors.narrative}
            />
            <Title order={2} size="h4">
              {t('report.counts.title')}
            </Title>
            <CountsForm value={counts} onChange={setCounts} check={check} apiErrors={countErrors} />

            <fieldset style={{ border: 0, padding: 0, margin: 0, minInlineSize: 0 }}>
              <Title order={2} size="h4" component="legend" mb="xs">
                {t('report.spending.title')}
              </Title>
              <Text size="sm" mb="xs">
                {t('report.spending.hint', { paid: money(award.paid.amount) })}
              </Text>
              <Table.ScrollContainer minWidth={320}>
                <Table>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('appForm.budget.category')}</Table.Th>
                      <Table.Th scope="col">{t('report.spending.budgeted')}</Table.Th>
                      <Table.Th scope="col">{t('report.spending.spent', { currency })}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {award.application.budgetLines.map((l) => (
                      <Table.Tr key={l.category}>
                        <Table.Td>{l.category}</Table.Td>
                        <Table.Td>{formatMoney(l.amount, lang)}</Table.Td>
                        <Table.Td>
                          <TextInput
                            aria-label={t('report.spending.spentOn', { category: l.category })}
                            inputMode="decimal"
                            value={spending[l.category] ?? ''}
                            onChange={(e) => {
                              const amount = e.currentTarget.value;
                              setSpending((s) => ({ ...s, [l.category]: amount }));
                            }}
                            error={
                              spending[l.category]?.trim() && toMinorUnits(spending[l.category]!, currency) === null
                                ? t('appForm.invalidAmount')
                                : undefined
                            }
                            placeholder="0"
                          />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              <Text size="sm" c={aboveTotal ? 'red.9' : undefined} aria-live="polite" data-testid="spending-total">
                {spendingTotal === null
                  ? t('appForm.budget.invalid')
                  : t(aboveTotal ? 'report.spending.totalAbove' : 'report.spending.total', {
                      total: money(fromMinorUnits(spendingTotal, currency)),
                      paid: money(award.paid.amount),
                    })}
              </Text>
              {errors.spending && (
                <Text c="red.9" size="sm" role="alert">
                  {errors.spending}
                </Text>
              )}
            </fieldset>
            <PermissionButton type="submit" loading={loading} permission={report.permissions.submit}>
              {report.status === 'REVISION_REQUESTED' ? t('report.resubmit') : t('report.submit')}
            </PermissionButton>
            {!check.input && (
              <Text size="sm" c="dimmed">
                {t('report.fixCounts')}
              </Text>
            )}
          </Stack>
        </Paper>
      )}

      <DocumentsPanel
        ownerId={report.id}
        title={t('documents.reportTitle')}
        slots={reportSlots(report.kind)}
        canUpload={open}
        onAttached={() => void client.refetchQueries({ include: [ReportPageDocument] })}
      />

      <ReportHistory submissions={report.submissions} />
    </Stack>
  );
}
