import { useState } from 'react';
import { Alert, Anchor, Badge, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { graphql } from '../../../gql';
import { errorsByField, type PayloadError } from '../../../app/errors';
import { formatDate, formatNumber } from '../../../app/format';
import { QueryState } from '../../../app/QueryState';
import { usePageTitle } from '../../../app/usePageTitle';
import { SUCCESS } from '../../ngo/colors';
import { PermissionButton } from '../../ngo/PermissionButton';
import { ReportHistory } from '../../ngo/ReportHistory';
import classes from '../../ngo/ngo.module.css';

const ReportReviewDocument = graphql(`
  query SecReportReview($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on Report {
        kind
        status
        dueDate
        acceptedAt
        waivedAt
        waiverReason
        award {
          id
          application {
            id
            projectTitle
          }
          organization {
            id
            legalName
          }
        }
        currentSubmission {
          id
          version
          submittedAt
          narrative
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
          }
        }
        permissions {
          accept {
            allowed
            code
            reason
          }
          requestRevision {
            allowed
            code
            reason
          }
          waive {
            allowed
            code
            reason
          }
        }
      }
    }
  }
`);

const AcceptDocument = graphql(`
  mutation SecReviewAccept($input: AcceptReportInput!) {
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
const RevisionDocument = graphql(`
  mutation SecRequestRevision($input: RequestReportRevisionInput!) {
    requestReportRevision(input: $input) {
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
const WaiveDocument = graphql(`
  mutation SecWaiveReport($input: WaiveReportInput!) {
    waiveReport(input: $input) {
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

// The API's limits (RequestReportRevisionInput.comments, WaiveReportInput.reason).
const MIN_TEXT = 3;

/** A report under review: the submission, then accept, send back with a message, or waive with a reason. */
export default function ReportReviewPage() {
  const id = useParams().id ?? '';
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const { data, loading, error, refetch } = useQuery(ReportReviewDocument, { variables: { id } });
  const report = data?.node?.__typename === 'Report' ? data.node : null;
  const title = report
    ? t('disb.reportName', { kind: t(`disb.reportKind.${report.kind}`), date: formatDate(report.dueDate, lang) })
    : t('reportReview.title');
  usePageTitle(title);
  const [accept, accepting] = useMutation(AcceptDocument);
  const [revise, revising] = useMutation(RevisionDocument);
  const [waive, waiving] = useMutation(WaiveDocument);
  const [comments, setComments] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);
  const after = (errs: readonly PayloadError[] | undefined, message: string) => {
    setErrors(errorsByField(errs ?? [], t, ['comments', 'reason']));
    if (!errs?.length) {
      setComments('');
      setReason('');
      setDone(message);
      void refetch();
    }
  };

  return (
    <QueryState loading={loading} error={error} hasData={!!data} onRetry={() => void refetch()}>
      {report ? (
        <Stack gap="lg">
          <div>
            <Text size="sm">
              <Anchor component={Link} to={`/secretariat/awards/${encodeURIComponent(report.award.id)}`}>
                {report.award.application.projectTitle}
              </Anchor>
            </Text>
            <Group gap="sm">
              <Title order={1}>{title}</Title>
              <Badge color="gray.8" data-testid="report-status">
                {t(`disb.reportStatus.${report.status}`)}
              </Badge>
            </Group>
            <Text>{report.award.organization.legalName}</Text>
          </div>
          {done && (
            <Alert color={SUCCESS} role="status">
              {done}
            </Alert>
          )}
          {report.status === 'WAIVED' && (
            <Alert color="blue" title={t('reportReview.waivedTitle')}>
              {t('reportReview.waivedOn', {
                date: report.waivedAt ? formatDate(report.waivedAt, lang, true) : '',
                reason: report.waiverReason ?? '',
              })}
            </Alert>
          )}
          {report.currentSubmission ? (
            <Paper withBorder p="md" component="section" aria-labelledby="current-submission">
              <Title order={2} size="h3" id="current-submission" mb="xs">
                {t('reportReview.current', {
                  version: report.currentSubmission.version,
                  date: formatDate(report.currentSubmission.submittedAt, lang, true),
                })}
              </Title>
              <Text style={{ whiteSpace: 'pre-wrap' }} mb="sm">
                {report.currentSubmission.narrative}
              </Text>
              <dl className={classes.facts}>
                <dt>{t('reportReview.victims')}</dt>
                <dd>{formatNumber(report.currentSubmission.beneficiaries.total, lang)}</dd>
                {(['FEMALE', 'MALE', 'OTHER_OR_UNKNOWN'] as const).map((k) => (
                  <Pair
                    key={k}
                    label={t(`stats.keys.sex.${k}`)}
                    value={formatNumber(report.currentSubmission?.beneficiaries.bySex[k] ?? 0, lang)}
                  />
                ))}
                {(['CHILD', 'ADULT', 'UNKNOWN'] as const).map((k) => (
                  <Pair
                    key={k}
                    label={t(`stats.keys.age.${k}`)}
                    value={formatNumber(report.currentSubmission?.beneficiaries.byAgeGroup[k] ?? 0, lang)}
                  />
                ))}
              </dl>
            </Paper>
          ) : (
            <Text>{t('reportReview.nothingSubmitted')}</Text>
          )}

          <Paper withBorder p="md" component="section" aria-labelledby="decide-title">
            <Title order={2} size="h3" id="decide-title" mb="sm">
              {t('reportReview.decide')}
            </Title>
            <Stack gap="lg">
              <PermissionButton
                permission={report.permissions.accept}
                loading={accepting.loading}
                onClick={() =>
                  void accept({ variables: { input: { reportId: report.id } } }).then((r) =>
                    after(r.data?.acceptReport.errors, t('reportReview.accepted')),
                  )
                }
              >
                {t('disb.acceptReport')}
              </PermissionButton>
              <Stack gap="xs">
                <Textarea
                  label={t('reportReview.comments')}
                  description={t('reportReview.commentsHint')}
                  value={comments}
                  onChange={(e) => setComments(e.currentTarget.value)}
                  error={errors.comments}
                  disabled={!report.permissions.requestRevision.allowed}
                  autosize
                  minRows={3}
                  maxLength={5000}
                />
                <PermissionButton
                  variant="outline"
                  permission={report.permissions.requestRevision}
                  loading={revising.loading}
                  disabled={comments.trim().length < MIN_TEXT}
                  onClick={() =>
                    void revise({ variables: { input: { reportId: report.id, comments: comments.trim() } } }).then(
                      (r) => after(r.data?.requestReportRevision.errors, t('reportReview.revisionSent')),
                    )
                  }
                >
                  {t('reportReview.requestRevision')}
                </PermissionButton>
              </Stack>
              <Stack gap="xs">
                <Textarea
                  label={t('reportReview.reason')}
                  description={t('reportReview.reasonHint')}
                  value={reason}
                  onChange={(e) => setReason(e.currentTarget.value)}
                  error={errors.reason}
                  disabled={!report.permissions.waive.allowed}
                  autosize
                  minRows={2}
                  maxLength={2000}
                />
                <PermissionButton
                  variant="outline"
                  color="red.9"
                  permission={report.permissions.waive}
                  loading={waiving.loading}
                  disabled={reason.trim().length < MIN_TEXT}
                  onClick={() =>
                    void waive({ variables: { input: { reportId: report.id, reason: reason.trim() } } }).then((r) =>
                      after(r.data?.waiveReport.errors, t('reportReview.waived')),
                    )
                  }
                >
                  {t('reportReview.waive')}
                </PermissionButton>
              </Stack>
              {errors._form && (
                <Alert color="red" role="alert">
                  {errors._form}
                </Alert>
              )}
            </Stack>
          </Paper>
          <ReportHistory submissions={report.submissions} />
        </Stack>
      ) : (
        <Alert color="yellow">{t('failure.notFound.body')}</Alert>
      )}
    </QueryState>
  );
}

function Pair({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
}
