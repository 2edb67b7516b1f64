import { useMemo, useState, type FormEvent } from 'react';
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  MultiSelect,
  NativeSelect,
  Paper,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { graphql } from '../../gql';
import type { ApplicationStatus, SecCallQuery } from '../../gql/graphql';
import { countryOptions } from '../../app/countries';
import { errorsByField, type PayloadError } from '../../app/errors';
import { formatDate, formatMoney } from '../../app/format';
import { QueryState } from '../../app/QueryState';
import { usePageTitle } from '../../app/usePageTitle';
import { PermissionButton } from '../ngo/PermissionButton';
import { useRoleFund } from './useRoleFund';
import { callInput, callProblems, keyOf, localInput, toCsv, weightSum, type CallForm } from './call-form';
import classes from '../audit/audit.module.css';

const SecCallDocument = graphql(`
  query SecCall($id: String!) {
    grantCall(id: $id) {
      id
      title
      description
      themes
      eligibleCountries
      status
      opensAt
      closesAt
      allowPendingVetting
      maxDurationMonths
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
      rubric {
        key
        label
        weight
      }
      eligibilityRules {
        key
        label
      }
      fund {
        id
        baseCurrency
      }
      permissions {
        update {
          allowed
          code
          reason
        }
        open {
          allowed
          code
          reason
        }
        close {
          allowed
          code
          reason
        }
        startReview {
          allowed
          code
          reason
        }
        markDecided {
          allowed
          code
          reason
        }
        cancel {
          allowed
          code
          reason
        }
      }
      applications(first: 100) {
        id
        projectTitle
        status
        submittedAt
        organization {
          id
          legalName
        }
        requestedAmount {
          amount
          currency
        }
      }
    }
  }
`);

const FundCurrencyDocument = graphql(`
  query SecFundCurrency($id: String!) {
    fund(id: $id) {
      id
      baseCurrency
    }
  }
`);

const CreateCallDocument = graphql(`
  mutation SecCreateCall($input: CreateGrantCallInput!) {
    createGrantCall(input: $input) {
      grantCall {
        id
      }
      errors {
        code
        ...UserErrorFields
      }
    }
  }
`);
const UpdateCallDocument = graphql(`
  mutation SecUpdateCall($input: UpdateGrantCallInput!) {
    updateGrantCall(input: $input) {
      grantCall {
        id
      }
      errors {
        code
        ...UserErrorFields
      }
    }
  }
`);
const MoveDocuments = {
  open: graphql(`
    mutation SecOpenCall($input: GrantCallTransitionInput!) {
      openGrantCall(input: $input) {
        errors {
          code
          ...UserErrorFields
        }
      }
    }
  `),
  close: graphql(`
    mutation SecCloseCall($input: GrantCallTransitionInput!) {
      closeGrantCall(input: $input) {
        errors {
          code
          ...UserErrorFields
        }
      }
    }
  `),
  startReview: graphql(`
    mutation SecStartReview($input: GrantCallTransitionInput!) {
      startGrantCallReview(input: $input) {
        errors {
          code
          ...UserErrorFields
        }
      }
    }
  `),
  markDecided: graphql(`
    mutation SecMarkDecided($input: GrantCallTransitionInput!) {
      markGrantCallDecided(input: $input) {
        errors {
          code
          ...UserErrorFields
        }
      }
    }
  `),
  cancel: graphql(`
    mutation SecCancelCall($input: GrantCallTransitionInput!) {
      cancelGrantCall(input: $input) {
        errors {
          code
          ...UserErrorFields
        }
      }
    }
  `),
};
type Move = keyof typeof MoveDocuments;
const MOVES: Move[] = ['open', 'close', 'startReview', 'markDecided', 'cancel'];

type Call = NonNullable<SecCallQuery['grantCall']>;

const DAY = 86_400_000;
function emptyForm(): CallForm {
  const now = Date.now();
  return {
    title: '',
    description: '',
    themes: '',
    eligibleCountries: [],
    minAward: '',
    maxAward: '',
    envelope: '',
    maxDurationMonths: '24',
    opensAt: localInput(new Date(now + DAY).toISOString()),
    closesAt: localInput(new Date(now + 61 * DAY).toISOString()),
    allowPendingVetting: false,
    rubric: [
      { key: 'relevance', label: '', weight: '50' },
      { key: 'capacity', label: '', weight: '50' },
    ],
    eligibilityRules: [],
  };
}

function formOf(c: Call): CallForm {
  return {
    title: c.title,
    description: c.description,
    themes: c.themes.join(', '),
    eligibleCountries: c.eligibleCountries,
    minAward: c.minAward.amount,
    maxAward: c.maxAward.amount,
    envelope: c.envelope.amount,
    maxDurationMonths: String(c.maxDurationMonths),
    opensAt: localInput(c.opensAt),
    closesAt: localInput(c.closesAt),
    allowPendingVetting: c.allowPendingVetting,
    rubric: c.rubric.map((r) => ({ key: r.key, label: r.label, weight: String(r.weight) })),
    eligibilityRules: c.eligibilityRules.map((r) => ({ key: r.key, label: r.label })),
  };
}

/** A call: created or edited (rubric weights summing to 100), moved through its states, and its applications. */
export default function CallPage() {
  const id = useParams().id;
  const isNew = !id || id === 'new';
  const { t } = useTranslation();
  const fund = useRoleFund('SECRETARIAT');
  const { data, loading, error, refetch } = useQuery(SecCallDocument, {
    variables: { id: id ?? '' },
    skip: isNew,
    fetchPolicy: 'cache-and-network',
  });
  const call = data?.grantCall ?? null;
  const currency = useQuery(FundCurrencyDocument, { variables: { id: fund?.id ?? '' }, skip: !isNew || !fund }).data
    ?.fund?.baseCurrency;
  usePageTitle(isNew ? t('calls.new') : (call?.title ?? t('calls.title')));
  const back = (
    <Text size="sm">
      <Anchor component={Link} to="/secretariat/calls">
        {t('calls.title')}
      </Anchor>
    </Text>
  );
  if (isNew) {
    return (
      <Stack gap="lg">
        <div>
          {back}
          <Title order={1}>{t('calls.new')}</Title>
        </div>
        {fund && currency && <CallEditor key="new" fundId={fund.id} currency={currency} call={null} />}
      </Stack>
    );
  }
  return (
    <QueryState loading={loading} error={error} hasData={!!data} onRetry={() => void refetch()}>
      {call ? (
        <Stack gap="lg">
          <div>
            {back}
            <Title order={1}>{call.title}</Title>
            <Badge mt="xs" color={call.status === 'OPEN' ? 'teal.9' : 'gray.8'} data-testid="call-status">
              {t(`calls.status.${call.status}`)}
            </Badge>
          </div>
          <CallMoves call={call} onDone={() => void refetch()} />
          <CallEditor
            key={`${call.id}-${call.status}`}
            fundId={call.fund.id}
            currency={call.fund.baseCurrency}
            call={call}
            onSaved={() => void refetch()}
          />
          <CallApplications call={call} />
        </Stack>
      ) : (
        <Alert color="yellow">{t('failure.notFound.body')}</Alert>
      )}
    </QueryState>
  );
}

function CallMoves({ call, onDone }: { call: Call; onDone: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [open] = useMutation(MoveDocuments.open);
  const [close] = useMutation(MoveDocuments.close);
  const [startReview] = useMutation(MoveDocuments.startReview);
  const [markDecided] = useMutation(MoveDocuments.markDecided);
  const [cancel] = useMutation(MoveDocuments.cancel);
  const run = async (move: Move) => {
    const input = { callId: call.id, reason: reason.trim() || null };
    const errs = await (async (): Promise<readonly PayloadError[]> => {
      switch (move) {
        case 'open':
          return (await open({ variables: { input } })).data?.openGrantCall.errors ?? [];
        case 'close':
          return (await close({ variables: { input } })).data?.closeGrantCall.errors ?? [];
        case 'startReview':
          return (await startReview({ variables: { input } })).data?.startGrantCallReview.errors ?? [];
        case 'markDecided':
          return (await markDecided({ variables: { input } })).data?.markGrantCallDecided.errors ?? [];
        case 'cancel':
          return (await cancel({ variables: { input } })).data?.cancelGrantCall.errors ?? [];
      }
    })();
    setError(errs.length ? Object.values(errorsByField(errs, t, [])).join(' ') : null);
    if (!errs.length) onDone();
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="moves-title">
      <Title order={2} size="h3" id="moves-title" mb="xs">
        {t('calls.moves')}
      </Title>
      <Group align="flex-start" wrap="wrap">
        {MOVES.map((m) => (
          <PermissionButton
            key={m}
            variant={m === 'cancel' ? 'outline' : 'filled'}
            color={m === 'cancel' ? 'red.9' : undefined}
            permission={call.permissions[m]}
            onClick={() => void run(m)}
          >
            {t(`calls.move.${m}`)}
          </PermissionButton>
        ))}
      </Group>
      <TextInput
        mt="sm"
        label={t('calls.moveReason')}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
      />
      {error && (
        <Alert color="red" role="alert" mt="sm">
          {error}
        </Alert>
      )}
    </Paper>
  );
}

function CallEditor(props: { fundId: string; currency: string; call: Call | null; onSaved?: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const navigate = useNavigate();
  const [form, setForm] = useState<CallForm>(() => (props.call ? formOf(props.call) : emptyForm()));
  const [apiErrors, setApiErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const [create, creating] = useMutation(CreateCallDocument);
  const [update, updating] = useMutation(UpdateCallDocument);
  const problems = callProblems(form, props.currency);
  const sum = weightSum(form.rubric);
  const countries = useMemo(() => countryOptions(lang), [lang]);
  const set = <K extends keyof CallForm>(k: K, v: CallForm[K]) => {
    setSaved(false);
    setForm((f) => ({ ...f, [k]: v }));
  };
  const problem = (field: string) => {
    const p = problems[field];
    return p ? t(`calls.problem.${p}`) : apiErrors[field];
  };
  const permission = props.call ? props.call.permissions.update : { allowed: true };
  // Once open, only the title, the description and the closing time may change (as the API rules).
  const locked = props.call?.status === 'OPEN';
  const fields = [
    'title',
    'minAward',
    'maxAward',
    'envelope',
    'maxDurationMonths',
    'opensAt',
    'closesAt',
    'rubric',
    'eligibilityRules',
  ];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const input = callInput(form);
    let errs: readonly PayloadError[];
    if (props.call) {
      // The closing time only when it moves (an open call can only be extended).
      const closesAt = form.closesAt === localInput(props.call.closesAt) ? null : input.closesAt;
      const changes = locked ? { title: input.title, description: input.description, closesAt } : input;
      errs =
        (await update({ variables: { input: { ...changes, callId: props.call.id } } })).data?.updateGrantCall.errors ??
        [];
    } else {
      const r = await create({ variables: { input: { ...input, fundId: props.fundId } } });
      errs = r.data?.createGrantCall.errors ?? [];
      const id = r.data?.createGrantCall.grantCall?.id;
      if (!errs.length && id) void navigate(`/secretariat/calls/${encodeURIComponent(id)}`);
    }
    setApiErrors(errorsByField(errs, t, fields));
    setSaved(!errs.length);
    if (!errs.length) props.onSaved?.();
  };

  return (
    <Paper withBorder p="md" component="form" onSubmit={(e) => void submit(e)} aria-labelledby="call-form-title">
      <Title order={2} size="h3" id="call-form-title" mb="xs">
        {t(props.call ? 'calls.edit' : 'calls.details')}
      </Title>
      {locked && (
        <Text size="sm" mb="xs">
          {t('calls.lockedWhenOpen')}
        </Text>
      )}
      <Stack gap="sm">
        <TextInput
          label={t('calls.field.title')}
          value={form.title}
          onChange={(e) => set('title', e.currentTarget.value)}
          error={problem('title')}
        />
        <Textarea
          label={t('calls.field.description')}
          value={form.description}
          onChange={(e) => set('description', e.currentTarget.value)}
          autosize
          minRows={2}
        />
        <TextInput
          disabled={locked}
          label={t('calls.field.themes')}
          description={t('calls.field.themesHint')}
          value={form.themes}
          onChange={(e) => set('themes', e.currentTarget.value)}
        />
        <MultiSelect
          disabled={locked}
          label={t('calls.field.countries')}
          description={t('calls.field.countriesHint')}
          searchable
          data={countries}
          value={form.eligibleCountries}
          onChange={(v) => set('eligibleCountries', v)}
        />
        <Group grow align="flex-start" wrap="wrap">
          <TextInput
            disabled={locked}
            label={t('calls.field.minAward', { currency: props.currency })}
            value={form.minAward}
            onChange={(e) => set('minAward', e.currentTarget.value)}
            error={problem('minAward')}
            inputMode="decimal"
          />
          <TextInput
            disabled={locked}
            label={t('calls.field.maxAward', { currency: props.currency })}
            value={form.maxAward}
            onChange={(e) => set('maxAward', e.currentTarget.value)}
            error={problem('maxAward')}
            inputMode="decimal"
          />
          <TextInput
            disabled={locked}
            label={t('calls.field.envelope', { currency: props.currency })}
            value={form.envelope}
            onChange={(e) => set('envelope', e.currentTarget.value)}
            error={problem('envelope')}
            inputMode="decimal"
          />
        </Group>
        <Group grow align="flex-start" wrap="wrap">
          <TextInput
            disabled={locked}
            label={t('calls.field.maxDuration')}
            value={form.maxDurationMonths}
            onChange={(e) => set('maxDurationMonths', e.currentTarget.value)}
            error={problem('maxDurationMonths')}
            inputMode="numeric"
          />
          <TextInput
            disabled={locked}
            type="datetime-local"
            label={t('calls.field.opensAt')}
            value={form.opensAt}
            onChange={(e) => set('opensAt', e.currentTarget.value)}
            error={problem('opensAt')}
          />
          <TextInput
            type="datetime-local"
            label={t('calls.field.closesAt')}
            value={form.closesAt}
            onChange={(e) => set('closesAt', e.currentTarget.value)}
            error={problem('closesAt')}
          />
        </Group>
        <Checkbox
          disabled={locked}
          label={t('calls.field.allowPending')}
          checked={form.allowPendingVetting}
          onChange={(e) => set('allowPendingVetting', e.currentTarget.checked)}
        />

        <fieldset className={classes.fieldset} disabled={locked}>
          <legend>{t('calls.rubric')}</legend>
          <Stack gap="xs">
            {form.rubric.map((r, i) => (
              <Group key={i} align="flex-end" wrap="nowrap">
                <TextInput
                  style={{ flex: 1 }}
                  label={t('calls.criterionOf', { n: i + 1 })}
                  value={r.label}
                  onChange={(e) => {
                    const label = e.currentTarget.value;
                    const rubric = form.rubric.map((x, j) =>
                      j === i ? { ...x, label, key: props.call?.rubric[i]?.key ?? keyOf(label) } : x,
                    );
                    set('rubric', rubric);
                  }}
                />
                <TextInput
                  w={110}
                  label={t('calls.weightOf', { n: i + 1 })}
                  value={r.weight}
                  inputMode="numeric"
                  onChange={(e) => {
                    const weight = e.currentTarget.value;
                    set(
                      'rubric',
                      form.rubric.map((x, j) => (j === i ? { ...x, weight } : x)),
                    );
                  }}
                />
                <ActionIcon
                  variant="default"
                  size="lg"
                  aria-label={t('calls.removeCriterion', { n: i + 1 })}
                  onClick={() =>
                    set(
                      'rubric',
                      form.rubric.filter((_, j) => j !== i),
                    )
                  }
                >
                  ×
                </ActionIcon>
              </Group>
            ))}
            <Text size="sm" data-testid="weight-sum" c={sum === 100 ? 'teal.9' : 'red.9'} fw={600} aria-live="polite">
              {sum === null ? t('calls.weightsInvalid') : t('calls.weightSum', { sum })}
            </Text>
            {problem('rubric') && problems.rubric !== 'weights' && (
              <Text size="sm" c="red.9">
                {problem('rubric')}
              </Text>
            )}
            <Button
              variant="default"
              onClick={() =>
                set('rubric', [...form.rubric, { key: `criterion_${form.rubric.length + 1}`, label: '', weight: '0' }])
              }
            >
              {t('calls.addCriterion')}
            </Button>
          </Stack>
        </fieldset>

        <fieldset className={classes.fieldset} disabled={locked}>
          <legend>{t('calls.rules')}</legend>
          <Stack gap="xs">
            {form.eligibilityRules.map((r, i) => (
              <Group key={i} align="flex-end" wrap="nowrap">
                <TextInput
                  style={{ flex: 1 }}
                  label={t('calls.ruleOf', { n: i + 1 })}
                  value={r.label}
                  onChange={(e) => {
                    const label = e.currentTarget.value;
                    set(
                      'eligibilityRules',
                      form.eligibilityRules.map((x, j) =>
                        j === i ? { label, key: props.call?.eligibilityRules[i]?.key ?? keyOf(label) } : x,
                      ),
                    );
                  }}
                />
                <ActionIcon
                  variant="default"
                  size="lg"
                  aria-label={t('calls.removeRule', { n: i + 1 })}
                  onClick={() =>
                    set(
                      'eligibilityRules',
                      form.eligibilityRules.filter((_, j) => j !== i),
                    )
                  }
                >
                  ×
                </ActionIcon>
              </Group>
            ))}
            {problem('eligibilityRules') && (
              <Text size="sm" c="red.9">
                {problem('eligibilityRules')}
              </Text>
            )}
            <Button
              variant="default"
              onClick={() => set('eligibilityRules', [...form.eligibilityRules, { key: '', label: '' }])}
            >
              {t('calls.addRule')}
            </Button>
          </Stack>
        </fieldset>
        {apiErrors._form && (
          <Alert color="red" role="alert">
            {apiErrors._form}
          </Alert>
        )}
        {saved && props.call && (
          <Alert color="teal.9" variant="outline" role="status">
            {t('calls.saved')}
          </Alert>
        )}
        <PermissionButton
          type="submit"
          permission={permission}
          disabled={Object.keys(problems).length > 0}
          loading={creating.loading || updating.loading}
        >
          {t(props.call ? 'calls.save' : 'calls.create')}
        </PermissionButton>
      </Stack>
    </Paper>
  );
}

type SortKey = 'submittedAt' | 'projectTitle' | 'requested' | 'status';

function CallApplications({ call }: { call: Call }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const [status, setStatus] = useState<ApplicationStatus | ''>('');
  const [sort, setSort] = useState<SortKey>('submittedAt');
  const rows = useMemo(() => {
    const list = call.applications.filter((a) => !status || a.status === status);
    const key = (a: Call['applications'][number]): string | number =>
      sort === 'requested'
        ? Number(a.requestedAmount.amount)
        : sort === 'projectTitle'
          ? a.projectTitle.toLowerCase()
          : sort === 'status'
            ? a.status
            : (a.submittedAt ?? '');
    return [...list].sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
  }, [call.applications, status, sort]);
  const statuses = [...new Set(call.applications.map((a) => a.status))];
  const download = () => {
    const csv = toCsv(
      ['application_id', 'project_title', 'organization', 'status', 'requested_amount', 'currency', 'submitted_at'],
      rows.map((a) => [
        a.id,
        a.projectTitle,
        a.organization.legalName,
        a.status,
        a.requestedAmount.amount,
        a.requestedAmount.currency,
        a.submittedAt ?? '',
      ]),
    );
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `applications-${call.id.slice(-8)}.csv`;
    link.click();
    URL.revokeObjectURL(url);
  };
  return (
    <section aria-labelledby="call-apps-title">
      <Group justify="space-between" wrap="wrap" mb="xs">
        <Title order={2} size="h3" id="call-apps-title">
          {t('calls.applications', { count: rows.length })}
        </Title>
        <Text size="sm">
          {t('calls.envelopeLeft', {
            remaining: formatMoney(call.remainingEnvelope, lang),
            envelope: formatMoney(call.envelope, lang),
          })}
        </Text>
      </Group>
      <Group align="flex-end" wrap="wrap" mb="xs">
        <NativeSelect
          label={t('calls.filterStatus')}
          value={status}
          onChange={(e) => setStatus(e.currentTarget.value as ApplicationStatus | '')}
          data={[
            { value: '', label: t('calls.anyStatus') },
            ...statuses.map((s) => ({ value: s, label: t(`application.status.${s}`) })),
          ]}
        />
        <NativeSelect
          label={t('calls.sortBy')}
          value={sort}
          onChange={(e) => setSort(e.currentTarget.value as SortKey)}
          data={(['submittedAt', 'projectTitle', 'requested', 'status'] as const).map((k) => ({
            value: k,
            label: t(`calls.sort.${k}`),
          }))}
        />
        <Button variant="default" onClick={download} disabled={rows.length === 0}>
          {t('calls.csv')}
        </Button>
      </Group>
      <div className={classes.scroll}>
        <table className={classes.events}>
          <thead>
            <tr>
              <th scope="col">{t('calls.sort.projectTitle')}</th>
              <th scope="col">{t('calls.organization')}</th>
              <th scope="col">{t('calls.sort.status')}</th>
              <th scope="col">{t('calls.sort.requested')}</th>
              <th scope="col">{t('calls.sort.submittedAt')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((a) => (
              <tr key={a.id}>
                <td>
                  <Anchor component={Link} to={`/secretariat/applications/${encodeURIComponent(a.id)}`}>
                    {a.projectTitle}
                  </Anchor>
                </td>
                <td>{a.organization.legalName}</td>
                <td>{t(`application.status.${a.status}`)}</td>
                <td>{formatMoney(a.requestedAmount, lang)}</td>
                <td>{a.submittedAt ? formatDate(a.submittedAt, lang) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
