import { Alert, Anchor, Badge, Button, Group, Modal, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation, useQuery } from '@apollo/client/react';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ATTENTION } from './colors';
import { Link, useParams } from 'react-router';
import { graphql } from '../../gql';
import type { ApplicationPageQuery } from '../../gql/graphql';
import { failureKind } from '../../app/apollo';
import { errorsByField, type PayloadError } from '../../app/errors';
import { formatDate, formatMoney } from '../../app/format';
import { QueryState } from '../../app/QueryState';
import { usePageTitle } from '../../app/usePageTitle';
import { ApplicationForm } from './ApplicationForm';
import { DocumentsPanel } from '../documents/DocumentsPanel';
import { applicationSlots } from '../documents/slots';
import { ApplicationVersions } from './ApplicationVersions';
import {
  changedSince,
  CONTENT_FIELDS,
  contentInput,
  localProblems,
  type ApplicationDraft,
  type VersionContent,
} from './application-content';
import { PermissionButton } from './PermissionButton';
import { useAutosave } from './useAutosave';

export const ApplicationPageDocument = graphql(`
  query ApplicationPage($id: String!) {
    application(id: $id) {
      id
      projectTitle
      summary
      status
      version
      submittedAt
      decidedAt
      infoRequest
      durationMonths
      startDate
      countries
      targetBeneficiaries
      requestedAmount {
        amount
        currency
      }
      proposedAmount {
        amount
        currency
      }
      budgetLines {
        category
        description
        amount {
          amount
          currency
        }
      }
      call {
        id
        title
        closesAt
        requiredDocuments
        maxDurationMonths
        eligibleCountries
        minAward {
          amount
          currency
        }
        maxAward {
          amount
          currency
        }
      }
      submissionProblems {
        code
        ...UserErrorFields
      }
      permissions {
        edit {
          allowed
          reason
          code
        }
        submit {
          allowed
          reason
          code
        }
        withdraw {
          allowed
          reason
          code
        }
      }
      versions {
        version
        submittedAt
        content
        changes
      }
      award {
        id
        status
        amount {
          amount
          currency
        }
      }
    }
  }
`);

const UpdateApplicationDocument = graphql(`
  mutation UpdateApplication($input: UpdateApplicationInput!) {
    updateApplication(input: $input) {
      application {
        id
        projectTitle
        submissionProblems {
          code
          ...UserErrorFields
        }
        permissions {
          submit {
            allowed
            reason
            code
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

const SubmitApplicationDocument = graphql(`
  mutation SubmitApplication($input: ApplicationActionInput!) {
    submitApplication(input: $input) {
      application {
        id
        status
        version
      }
      errors {
        code
        ...UserErrorFields
      }
    }
  }
`);

const WithdrawApplicationDocument = graphql(`
  mutation WithdrawApplication($input: ApplicationActionInput!) {
    withdrawApplication(input: $input) {
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

type App = NonNullable<ApplicationPageQuery['application']>;

const ERROR_FIELDS = [...CONTENT_FIELDS];

function toDraft(a: App): ApplicationDraft {
  const targets = (Array.isArray(a.targetBeneficiaries) ? a.targetBeneficiaries : []) as {
    sex: string;
    ageGroup: string;
    exploitation: string | null;
    count: number;
  }[];
  return {
    projectTitle: a.projectTitle,
    summary: a.summary,
    requestedAmount:
      a.requestedAmount.amount === '0.00' || a.requestedAmount.amount === '0' ? '' : a.requestedAmount.amount,
    durationMonths: a.durationMonths ? String(a.durationMonths) : '',
    startDate: a.startDate ?? '',
    countries: a.countries,
    budgetLines: a.budgetLines.map((l) => ({
      category: l.category,
      description: l.description,
      amount: l.amount.amount,
    })),
    targets: targets.map((x) => ({
      sex: x.sex,
      ageGroup: x.ageGroup,
      exploitation: x.exploitation ?? '',
      count: String(x.count),
    })),
  };
}

const DECIDED = new Set(['APPROVED', 'REJECTED', 'AWARDED', 'NOT_RECOMMENDED', 'INELIGIBLE', 'WITHDRAWN']);

export default function ApplicationPage() {
  const id = useParams().id ?? '';
  const { t } = useTranslation();
  const { data, loading, error, refetch } = useQuery(ApplicationPageDocument, { variables: { id } });
  usePageTitle(data?.application?.projectTitle ?? t('appPage.title'));
  return (
    <QueryState loading={loading} error={error} hasData={!!data} onRetry={() => void refetch()}>
      {data?.application ? (
        // Remount when a new version arrives so the form starts from what the server holds.
        <ApplicationView key={`${data.application.id}:${data.application.status}`} app={data.application} />
      ) : (
        <Alert color="yellow">{t('failure.notFound.body')}</Alert>
      )}
    </QueryState>
  );
}

function ApplicationView({ app }: { app: App }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const currency = app.requestedAmount.currency;
  const [draft, setDraft] = useState<ApplicationDraft>(() => toDraft(app));
  const [serverErrors, setServerErrors] = useState<readonly PayloadError[]>([]);
  const [actionError, setActionError] = useState<string | null>(null);
  const [update] = useMutation(UpdateApplicationDocument);
  const [submit, submitting] = useMutation(SubmitApplicationDocument, {
    refetchQueries: [ApplicationPageDocument],
    awaitRefetchQueries: true,
  });
  const [withdraw, withdrawing] = useMutation(WithdrawApplicationDocument, {
    refetchQueries: [ApplicationPageDocument],
    awaitRefetchQueries: true,
  });
  const [withdrawOpen, withdrawModal] = useDisclosure(false);
  const [withdrawReason, setWithdrawReason] = useState('');
  const editable = app.permissions.edit.allowed;
  const [submitPermission, setSubmitPermission] = useState(app.permissions.submit);

  const save = useCallback(
    async (d: ApplicationDraft): Promise<boolean> => {
      const { data } = await update({ variables: { input: { applicationId: app.id, ...contentInput(d, currency) } } });
      const p = data?.updateApplication;
      if (!p) return false;
      setServerErrors(p.errors.length ? p.errors : (p.application?.submissionProblems ?? []));
      if (p.application) setSubmitPermission(p.application.permissions.submit);
      return p.errors.length === 0;
    },
    [update, app.id, currency],
  );
  const autosave = useAutosave(draft, save);

  const problems = serverErrors.length || autosave.state !== 'idle' ? serverErrors : app.submissionProblems;
  const errors = useMemo(() => {
    const out = errorsByField(problems, t, ERROR_FIELDS);
    for (const [f, kind] of Object.entries(localProblems(draft, currency))) {
      if (kind)
        out[f] =
          f === 'requestedAmount' || f === 'budgetLines' ? t('appForm.invalidAmount') : t('appForm.invalidValue');
    }
    return out;
  }, [problems, draft, currency, t]);

  const lastVersion = app.versions.at(-1);
  const changed = useMemo(
    () =>
      app.status === 'INFO_REQUESTED' && lastVersion
        ? changedSince(lastVersion.content as VersionContent, draft, currency)
        : new Set<never>(),
    [app.status, lastVersion, draft, currency],
  );

  async function onSubmit() {
    setActionError(null);
    if (!(await autosave.flush())) {
      setActionError(t('appPage.saveFirst'));
      return;
    }
    try {
      const { data } = await submit({ variables: { input: { applicationId: app.id } } });
      const errs = data?.submitApplication.errors ?? [];
      if (errs.length) {
        // The refusal beside its field, with every other problem the draft still has.
        const again = await refetchProblems();
        setServerErrors([...errs, ...again.filter((p) => !errs.some((e) => e.field === p.field))]);
      }
    } catch (err) {
      setActionError(t(`failure.${failureKind(err)}.body`));
    }
  }
  async function refetchProblems(): Promise<PayloadError[]> {
    const { data } = await update({ variables: { input: { applicationId: app.id } } });
    const a = data?.updateApplication.application;
    if (a) setSubmitPermission(a.permissions.submit);
    return a?.submissionProblems ?? [];
  }

  async function onWithdraw() {
    setActionError(null);
    try {
      const { data } = await withdraw({
        variables: { input: { applicationId: app.id, reason: withdrawReason.trim() || null } },
      });
      const errs = data?.withdrawApplication.errors ?? [];
      if (errs.length) setActionError(errs.map((e) => t(`errors.${e.code}`)).join(' '));
      else withdrawModal.close();
    } catch (err) {
      setActionError(t(`failure.${failureKind(err)}.body`));
    }
  }

  const saveText: Record<typeof autosave.state, string> = {
    idle: '',
    pending: t('appPage.autosave.pending'),
    saving: t('common.saving'),
    saved: t('appPage.autosave.saved'),
    failed: t('appPage.autosave.failed'),
  };

  return (
    <Stack gap="lg">
      <div>
        <Text size="sm">
          <Anchor component={Link} to="/ngo">
            {t('nav.ngoHome')}
          </Anchor>
        </Text>
        <Title order={1}>{app.projectTitle}</Title>
        <Group gap="xs" mt="xs" wrap="wrap">
          <Badge color="blue.9">{t(`application.status.${app.status}`)}</Badge>
          <Text size="sm">
            {t('application.call')}:{' '}
            <Anchor component={Link} to={`/calls/${encodeURIComponent(app.call.id)}`}>
              {app.call.title}
            </Anchor>
          </Text>
          <Text size="sm">{t('call.deadline', { date: formatDate(app.call.closesAt, lang, true) })}</Text>
        </Group>
        <Text size="sm" mt={4}>
          {t('appPage.limits', {
            min: formatMoney(app.call.minAward, lang),
            max: formatMoney(app.call.maxAward, lang),
            months: app.call.maxDurationMonths,
          })}
        </Text>
      </div>

      {app.status === 'INFO_REQUESTED' && app.infoRequest && (
        <Alert color={ATTENTION} title={t('appPage.infoRequested')}>
          <Text style={{ whiteSpace: 'pre-wrap' }}>{app.infoRequest}</Text>
          <Text size="sm" mt="xs">
            {t('appPage.infoRequestedHelp')}
          </Text>
        </Alert>
      )}

      {DECIDED.has(app.status) && (
        <Paper withBorder p="md">
          <Title order={2} size="h3">
            {t('appPage.decision')}
          </Title>
          <Text>{t(`appPage.decisionText.${app.status}`)}</Text>
          {app.decidedAt && <Text size="sm">{formatDate(app.decidedAt, lang, true)}</Text>}
          {app.award && (
            <Text mt="xs">
              {t('appPage.awardOf', { amount: formatMoney(app.award.amount, lang) })}{' '}
              <Anchor component={Link} to={`/ngo/awards/${encodeURIComponent(app.award.id)}`}>
                {t('appPage.openAward')}
              </Anchor>
            </Text>
          )}
        </Paper>
      )}

      {errors._form && (
        <Alert color="red" role="alert">
          {errors._form}
        </Alert>
      )}
      {actionError && (
        <Alert color="red" role="alert">
          {actionError}
        </Alert>
      )}

      {editable ? (
        <Paper withBorder p="md">
          <Stack>
            <Group justify="space-between" wrap="wrap">
              <Title order={2} size="h3">
                {app.status === 'INFO_REQUESTED' ? t('appPage.answerTitle') : t('appPage.draftTitle')}
              </Title>
              <Text size="sm" role="status" aria-live="polite" data-testid="autosave">
                {saveText[autosave.state]}
              </Text>
            </Group>
            <ApplicationForm
              draft={draft}
              onChange={setDraft}
              currency={currency}
              errors={errors}
              changed={changed}
              eligibleCountries={app.call.eligibleCountries}
            />
          </Stack>
        </Paper>
      ) : (
        <ApplicationSummary app={app} />
      )}

      <Group align="flex-start" wrap="wrap">
        {editable && (
          <PermissionButton
            permission={
              autosave.state === 'pending' || autosave.state === 'saving' ? { allowed: true } : submitPermission
            }
            onClick={() => void onSubmit()}
            loading={submitting.loading}
          >
            {app.status === 'INFO_REQUESTED' ? t('appPage.resubmit') : t('appPage.submit')}
          </PermissionButton>
        )}
        {!DECIDED.has(app.status) && (
          <PermissionButton
            permission={app.permissions.withdraw}
            variant="default"
            color="red"
            onClick={withdrawModal.open}
          >
            {t('appPage.withdraw')}
          </PermissionButton>
        )}
      </Group>

      <Modal
        opened={withdrawOpen}
        onClose={withdrawModal.close}
        title={t('appPage.withdrawTitle')}
        closeButtonProps={{ 'aria-label': t('common.cancel') }}
      >
        <Stack>
          <Text>{t('appPage.withdrawConfirm')}</Text>
          <Textarea
            label={t('appPage.withdrawReason')}
            value={withdrawReason}
            onChange={(e) => setWithdrawReason(e.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={withdrawModal.close}>
              {t('common.cancel')}
            </Button>
            <Button color="red" onClick={() => void onWithdraw()} loading={withdrawing.loading}>
              {t('appPage.withdrawDo')}
            </Button>
          </Group>
        </Stack>
      </Modal>

      <DocumentsPanel
        ownerId={app.id}
        title={t('documents.applicationTitle')}
        slots={applicationSlots(app.call.requiredDocuments)}
        canUpload={app.permissions.edit.allowed}
        // A new file can lift a MISSING_DOCUMENT refusal: ask the server again.
        onAttached={() => void refetchProblems().then((p) => setServerErrors(p))}
      />

      <ApplicationVersions versions={app.versions} currency={currency} />
    </Stack>
  );
}

/** What was submitted, read-only (after the submission, while the secretariat and board decide). */
function ApplicationSummary({ app }: { app: App }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Title order={2} size="h3">
          {t('appPage.submitted')}
        </Title>
        <Text style={{ whiteSpace: 'pre-wrap' }}>{app.summary}</Text>
        <Text>
          {t('application.requestedAmount')}: {formatMoney(app.requestedAmount, lang)}
        </Text>
        {app.proposedAmount && (
          <Text>
            {t('appPage.proposedAmount')}: {formatMoney(app.proposedAmount, lang)}
          </Text>
        )}
        <Text>{t('appPage.durationValue', { count: app.durationMonths })}</Text>
        <Title order={3} size="h4">
          {t('appForm.budget.title')}
        </Title>
        <ul>
          {app.budgetLines.map((l, i) => (
            <li key={i}>
              {l.category}
              {l.description ? ` (${l.description})` : ''}: {formatMoney(l.amount, lang)}
            </li>
          ))}
        </ul>
      </Stack>
    </Paper>
  );
}
