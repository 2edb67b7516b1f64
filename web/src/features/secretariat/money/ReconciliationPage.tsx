import { useState } from 'react';
import { Alert, Badge, Button, FileInput, Group, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../../gql';
import type { BankLineStatus, ReconQueueQuery, StatementFormat } from '../../../gql/graphql';
import { errorsByField, type PayloadError } from '../../../app/errors';
import { formatDate, formatMoney } from '../../../app/format';
import { QueryState } from '../../../app/QueryState';
import { usePageTitle } from '../../../app/usePageTitle';
import { SUCCESS } from '../../ngo/colors';
import { useRoleFund } from '../useRoleFund';
import { MoneyNav } from './MoneyNav';

const ReconQueueDocument = graphql(`
  query ReconQueue($filter: BankStatementLineFilter!) {
    bankStatementLines(filter: $filter, first: 100) {
      edges {
        node {
          id
          status
          lineRef
          valueDate
          remittance
          debtorName
          matchKind
          matchScore
          matchReasons
          rejectReason
          ignoreReason
          amount {
            amount
            currency
          }
          proposedPledge {
            id
            reference
            donorOrganization {
              id
              legalName
            }
          }
          contribution {
            id
            status
          }
        }
      }
    }
  }
`);

const ImportStatementDocument = graphql(`
  mutation ImportStatement($input: ImportBankStatementInput!) {
    importBankStatement(input: $input) {
      statements {
        id
        statementRef
        skippedCount
      }
      added {
        id
      }
      alreadyImported
      errors {
        code
        ...UserErrorFields
      }
    }
  }
`);

const ConfirmLineDocument = graphql(`
  mutation ConfirmStatementLine($input: ConfirmBankStatementLineInput!) {
    confirmBankStatementLine(input: $input) {
      line {
        id
        status
      }
      contribution {
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

const RejectLineDocument = graphql(`
  mutation RejectStatementMatch($input: RejectBankStatementMatchInput!) {
    rejectBankStatementMatch(input: $input) {
      line {
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

const IgnoreLineDocument = graphql(`
  mutation IgnoreStatementLine($input: IgnoreBankStatementLineInput!) {
    ignoreBankStatementLine(input: $input) {
      line {
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

const ReopenLineDocument = graphql(`
  mutation ReopenStatementLine($input: BankStatementLineActionInput!) {
    reopenBankStatementLine(input: $input) {
      line {
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

const RematchDocument = graphql(`
  mutation RematchStatementLines($input: RematchBankStatementLinesInput!) {
    rematchBankStatementLines(input: $input) {
      proposed {
        id
      }
      errors {
        code
        ...UserErrorFields
      }
    }
  }
`);

const PledgeByReferenceDocument = graphql(`
  query PledgeByReference($fundId: String!, $reference: String!) {
    pledges(filter: { fundId: $fundId, reference: $reference }, first: 1) {
      edges {
        node {
          id
        }
      }
    }
  }
`);

const DonorsDocument = graphql(`
  query ReconDonors {
    organizations(filter: { kind: DONOR, vettingStatus: VERIFIED }, first: 100) {
      edges {
        node {
          id
          legalName
        }
      }
    }
  }
`);

type Line = ReconQueueQuery['bankStatementLines']['edges'][number]['node'];
const STATUSES: BankLineStatus[] = ['PROPOSED', 'UNMATCHED', 'CONFIRMED', 'IGNORED'];

/** Bank statements in (camt.053 or MT940), credits matched to pledges with a score and reasons, decided here. */
export default function ReconciliationPage() {
  const { t } = useTranslation();
  usePageTitle(t('recon.title'));
  const fund = useRoleFund('SECRETARIAT');
  const [status, setStatus] = useState<BankLineStatus>('PROPOSED');
  const { data, loading, error, refetch } = useQuery(ReconQueueDocument, {
    variables: { filter: { fundId: fund?.id ?? '', status } },
    skip: !fund,
    fetchPolicy: 'cache-and-network',
  });
  const [message, setMessage] = useState<string | null>(null);
  const [rematch, rematching] = useMutation(RematchDocument, { refetchQueries: ['ReconQueue'] });
  const [rematchError, setRematchError] = useState<string | null>(null);
  const onRematch = async () => {
    if (!fund) return;
    const r = await rematch({ variables: { input: { fundId: fund.id } } });
    const p = r.data?.rematchBankStatementLines;
    const errs = (p?.errors ?? []) as PayloadError[];
    setRematchError(errs.length ? (errorsByField(errs, t, [])._form ?? null) : null);
    if (!errs.length) setMessage(t('recon.rematched', { count: p?.proposed?.length ?? 0 }));
  };
  const lines = data?.bankStatementLines.edges.map((e) => e.node) ?? [];
  return (
    <Stack gap="lg">
      <Title order={1}>{t('recon.title')}</Title>
      <MoneyNav />
      {fund && <ImportForm fundId={fund.id} />}
      <Paper withBorder p="md" component="section" aria-labelledby="recon-queue-title">
        <Group justify="space-between" wrap="wrap" mb="sm">
          <Title order={2} size="h3" id="recon-queue-title">
            {t('recon.queue')}
          </Title>
          <Select
            label={t('recon.status')}
            data={STATUSES.map((s) => ({ value: s, label: t(`recon.statusName.${s}`) }))}
            value={status}
            onChange={(v) => v && setStatus(v as BankLineStatus)}
            allowDeselect={false}
          />
        </Group>
        <Group mb="sm">
          <Button variant="outline" loading={rematching.loading} onClick={() => void onRematch()}>
            {t('recon.rematch')}
          </Button>
        </Group>
        {rematchError && (
          <Alert color="red" role="alert" mb="sm">
            {rematchError}
          </Alert>
        )}
        <div role="status" aria-live="polite">
          {message && (
            <Alert color={SUCCESS} mb="sm">
              {message}
            </Alert>
          )}
        </div>
        <QueryState loading={loading || !fund} error={error} hasData={!!data} onRetry={() => void refetch()}>
          <Stack gap="sm">
            {lines.length === 0 && <Text c="dimmed">{t('recon.none')}</Text>}
            {fund && lines.map((l) => <LineCard key={l.id} line={l} fundId={fund.id} onMessage={setMessage} />)}
          </Stack>
        </QueryState>
      </Paper>
    </Stack>
  );
}

function ImportForm({ fundId }: { fundId: string }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<StatementFormat>('CAMT053');
  const [result, setResult] = useState<string[] | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [importStatement, { loading }] = useMutation(ImportStatementDocument, { refetchQueries: ['ReconQueue'] });
  const submit = async () => {
    if (!file) {
      setErrors({ content: t('wire.required') });
      return;
    }
    const content = await file.text();
    const r = await importStatement({ variables: { input: { fundId, format, content } } });
    const p = r.data?.importBankStatement;
    const errs = (p?.errors ?? []) as PayloadError[];
    setErrors(errorsByField(errs, t, ['content', 'format']));
    if (!errs.length && p) {
      setResult([
        t('recon.imported', { count: p.added?.length ?? 0 }),
        ...(p.alreadyImported ? [t('recon.already', { count: p.alreadyImported })] : []),
        ...(p.statements ?? []).map((s) => t('recon.skipped', { ref: s.statementRef, count: s.skippedCount })),
      ]);
    }
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="import-title">
      <Title order={2} size="h3" id="import-title" mb="sm">
        {t('recon.importTitle')}
      </Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Group align="flex-end" wrap="wrap">
          <FileInput
            label={t('recon.file')}
            value={file}
            onChange={(f) => {
              setFile(f);
              if (f && /\.(sta|mt940|txt)$/i.test(f.name)) setFormat('MT940');
              if (f && /\.xml$/i.test(f.name)) setFormat('CAMT053');
            }}
            accept=".xml,.sta,.mt940,.txt"
            error={errors.content}
            miw={280}
          />
          <Select
            label={t('recon.format')}
            data={[
              { value: 'CAMT053', label: 'camt.053' },
              { value: 'MT940', label: 'MT940' },
            ]}
            value={format}
            onChange={(v) => v && setFormat(v as StatementFormat)}
            allowDeselect={false}
            error={errors.format}
          />
          <Button type="submit" loading={loading}>
            {t('recon.import')}
          </Button>
        </Group>
      </form>
      {errors._form && (
        <Alert color="red" role="alert" mt="sm">
          {errors._form}
        </Alert>
      )}
      <div role="status" aria-live="polite">
        {result && (
          <Alert color={SUCCESS} mt="sm" data-testid="import-result">
            {result.map((r) => (
              <Text key={r} size="sm">
                {r}
              </Text>
            ))}
          </Alert>
        )}
      </div>
    </Paper>
  );
}

function LineCard({ line, fundId, onMessage }: { line: Line; fundId: string; onMessage: (m: string) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const client = useApolloClient();
  const [pledgeRef, setPledgeRef] = useState('');
  const [donorId, setDonorId] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const donors = useQuery(DonorsDocument, { skip: line.status === 'CONFIRMED' || !!line.proposedPledge });
  const refetchQueries = ['ReconQueue', 'MoneyBalance'];
  const [confirm, confirming] = useMutation(ConfirmLineDocument, { refetchQueries });
  const [reject, rejecting] = useMutation(RejectLineDocument, { refetchQueries });
  const [ignore, ignoring] = useMutation(IgnoreLineDocument, { refetchQueries });
  const [reopen, reopening] = useMutation(ReopenLineDocument, { refetchQueries });
  const [ignoreReason, setIgnoreReason] = useState('');
  const open = line.status === 'PROPOSED' || line.status === 'UNMATCHED';

  const onConfirm = async () => {
    let pledgeId: string | undefined;
    if (pledgeRef.trim()) {
      const found = await client.query({
        query: PledgeByReferenceDocument,
        variables: { fundId, reference: pledgeRef.trim() },
        fetchPolicy: 'network-only',
      });
      pledgeId = found.data?.pledges.edges[0]?.node.id;
      if (!pledgeId) {
        setErrors({ pledgeId: t('recon.noSuchPledge') });
        return;
      }
    }
    const r = await confirm({
      variables: { input: { lineId: line.id, pledgeId, donorOrganizationId: donorId ?? undefined } },
    });
    const p = r.data?.confirmBankStatementLine;
    const errs = (p?.errors ?? []) as PayloadError[];
    setErrors(errorsByField(errs, t, ['pledgeId', 'donorOrganizationId', 'exchangeRate']));
    if (!errs.length && p?.contribution) {
      onMessage(t('recon.confirmed', { status: t(`contributionList.statusName.${p.contribution.status}`) }));
    }
  };
  const onReject = async () => {
    const r = await reject({ variables: { input: { lineId: line.id, reason: reason.trim() } } });
    const errs = (r.data?.rejectBankStatementMatch.errors ?? []) as PayloadError[];
    setErrors(errorsByField(errs, t, ['reason']));
    if (!errs.length) onMessage(t('recon.rejectedDone'));
  };

  const onIgnore = async () => {
    const r = await ignore({ variables: { input: { lineId: line.id, reason: ignoreReason.trim() } } });
    const errs = (r.data?.ignoreBankStatementLine.errors ?? []) as PayloadError[];
    setErrors(errorsByField(errs, t, ['reason']));
    if (!errs.length) onMessage(t('recon.ignoredDone'));
  };
  const onReopen = async () => {
    const r = await reopen({ variables: { input: { lineId: line.id } } });
    const errs = (r.data?.reopenBankStatementLine.errors ?? []) as PayloadError[];
    setErrors(errorsByField(errs, t, []));
    if (!errs.length) onMessage(t('recon.reopenedDone'));
  };

  return (
    <Paper withBorder p="sm" data-testid="statement-line">
      <Group justify="space-between" wrap="wrap" align="flex-start">
        <div>
          <Text fw={600}>
            {formatMoney(line.amount, lang)} · {formatDate(line.valueDate, lang)}
          </Text>
          {line.debtorName && <Text size="sm">{t('recon.from', { name: line.debtorName })}</Text>}
          <Text size="sm">{t('recon.remittance', { text: line.remittance })}</Text>
          <Text size="sm" c="dimmed">
            {t('recon.lineRef', { ref: line.lineRef })}
          </Text>
        </div>
        <Badge color="gray.8">{t(`recon.statusName.${line.status}`)}</Badge>
      </Group>
      {line.proposedPledge && (
        <Stack gap={2} mt="xs">
          <Text size="sm" fw={600}>
            {t('recon.proposal', {
              reference: line.proposedPledge.reference,
              donor: line.proposedPledge.donorOrganization.legalName,
            })}
          </Text>
          {line.matchScore !== null && line.matchScore !== undefined && line.matchKind && (
            <Text size="sm" data-testid="match-score">
              {t('recon.score', { score: line.matchScore, kind: t(`recon.kind.${line.matchKind}`) })}
            </Text>
          )}
          {line.matchReasons.length > 0 && (
            <div>
              <Text size="sm">{t('recon.reasons')}</Text>
              <ul style={{ margin: 0 }}>
                {line.matchReasons.map((r) => (
                  <li key={r}>
                    <Text size="sm">{r}</Text>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </Stack>
      )}
      {line.rejectReason && (
        <Text size="sm" mt="xs">
          {t('recon.rejectedBefore', { reason: line.rejectReason })}
        </Text>
      )}
      {line.ignoreReason && (
        <Text size="sm" mt="xs">
          {t('recon.ignoredBecause', { reason: line.ignoreReason })}
        </Text>
      )}
      {line.status === 'IGNORED' && (
        <Stack gap="xs" mt="sm" align="flex-start">
          <Button variant="outline" loading={reopening.loading} onClick={() => void onReopen()}>
            {t('recon.reopen')}
          </Button>
          {errors._form && (
            <Alert color="red" role="alert">
              {errors._form}
            </Alert>
          )}
        </Stack>
      )}
      {open && (
        <Stack gap="xs" mt="sm">
          <Group align="flex-end" wrap="wrap">
            <TextInput
              label={t('recon.pledgeRef')}
              value={pledgeRef}
              onChange={(e) => setPledgeRef(e.currentTarget.value)}
              error={errors.pledgeId}
              placeholder="UNVTF-P-…"
            />
            {!line.proposedPledge && (
              <Select
                label={t('recon.donor')}
                data={(donors.data?.organizations.edges ?? []).map((e) => ({
                  value: e.node.id,
                  label: e.node.legalName,
                }))}
                value={donorId}
                onChange={setDonorId}
                error={errors.donorOrganizationId}
                searchable
                clearable
              />
            )}
            <Button loading={confirming.loading} onClick={() => void onConfirm()}>
              {t('recon.confirm')}
            </Button>
          </Group>
          {line.status === 'PROPOSED' && (
            <Group align="flex-end" wrap="wrap">
              <TextInput
                label={t('recon.rejectReason')}
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
                error={errors.reason}
              />
              <Button
                color="red"
                variant="outline"
                loading={rejecting.loading}
                disabled={!reason.trim()}
                onClick={() => void onReject()}
              >
                {t('recon.reject')}
              </Button>
            </Group>
          )}
          {line.status === 'UNMATCHED' && (
            <Group align="flex-end" wrap="wrap">
              <TextInput
                label={t('recon.ignoreReason')}
                value={ignoreReason}
                onChange={(e) => setIgnoreReason(e.currentTarget.value)}
                error={errors.reason}
              />
              <Button
                variant="outline"
                loading={ignoring.loading}
                disabled={!ignoreReason.trim()}
                onClick={() => void onIgnore()}
              >
                {t('recon.ignore')}
              </Button>
            </Group>
          )}
          {errors._form && (
            <Alert color="red" role="alert">
              {errors._form}
            </Alert>
          )}
          {errors.exchangeRate && (
            <Alert color="red" role="alert">
              {errors.exchangeRate}
            </Alert>
          )}
        </Stack>
      )}
    </Paper>
  );
}
