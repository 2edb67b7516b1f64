import { useEffect, useState } from 'react';
import {
  Alert,
  Checkbox,
  Group,
  NativeSelect,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import type { AdminFundsQuery, Role } from '../../gql/graphql';
import { errorsByField } from '../../app/errors';
import { QueryState } from '../../app/QueryState';
import { usePageTitle } from '../../app/usePageTitle';
import { SUCCESS } from '../ngo/colors';
import { PermissionButton } from '../ngo/PermissionButton';
import { policyProblems, toPolicyForm, type PolicyForm } from './fund-policy';

const AdminFundsDocument = graphql(`
  query AdminFunds {
    funds(first: 50) {
      edges {
        node {
          id
          code
          name
          baseCurrency
          boardSize
          minApprovals
          unanimityThreshold {
            amount
            currency
          }
          auditThreshold {
            amount
            currency
          }
          supportCostRateBps
          trancheWeights
          secretariatMayReview
          paymentSeparationOfDuties
          fxToleranceBps
          awardAcceptanceDays
          trancheApproverRoles
          permissions {
            updatePolicy {
              allowed
              code
              reason
            }
          }
        }
      }
    }
  }
`);

const UpdateFundPolicyDocument = graphql(`
  mutation AdminUpdateFundPolicy($input: UpdateFundPolicyInput!) {
    updateFundPolicy(input: $input) {
      fund {
        id
        name
        minApprovals
        supportCostRateBps
        trancheWeights
        secretariatMayReview
        paymentSeparationOfDuties
        fxToleranceBps
        awardAcceptanceDays
        trancheApproverRoles
        unanimityThreshold {
          amount
          currency
        }
        auditThreshold {
          amount
          currency
        }
      }
      errors {
        code
        ...UserErrorFields
      }
    }
  }
`);

type Fund = AdminFundsQuery['funds']['edges'][number]['node'];
const FIELDS = [
  'name',
  'minApprovals',
  'unanimityThreshold',
  'auditThreshold',
  'supportCostRateBps',
  'trancheWeights',
  'fxToleranceBps',
  'awardAcceptanceDays',
  'trancheApproverRoles',
] as const;
const APPROVER_ROLES: Role[] = ['SECRETARIAT', 'ADMIN'];

/** The funds and their policies: thresholds, support cost, board rules, payment controls. */
export default function FundsPage() {
  const { t } = useTranslation();
  usePageTitle(t('admin.funds.title'));
  const { data, loading, error, refetch } = useQuery(AdminFundsDocument);
  const funds = data?.funds.edges.map((e) => e.node) ?? [];
  const [chosen, setChosen] = useState('');
  const fund = funds.find((f) => f.id === chosen) ?? funds[0];

  return (
    <Stack gap="lg">
      <Title order={1}>{t('admin.funds.title')}</Title>
      <QueryState loading={loading} error={error} hasData={!!data} onRetry={() => void refetch()}>
        {funds.length > 1 && (
          <NativeSelect
            label={t('admin.funds.fund')}
            value={fund?.id ?? ''}
            onChange={(e) => setChosen(e.currentTarget.value)}
            data={funds.map((f) => ({ value: f.id, label: `${f.name} (${f.code})` }))}
          />
        )}
        {fund && <PolicyEditor key={fund.id} fund={fund} />}
      </QueryState>
    </Stack>
  );
}

function PolicyEditor({ fund }: { fund: Fund }) {
  const { t } = useTranslation();
  const [form, setForm] = useState<PolicyForm>(() => toPolicyForm(fund));
  useEffect(() => setForm(toPolicyForm(fund)), [fund]);
  const [save, saving] = useMutation(UpdateFundPolicyDocument);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const problems = policyProblems(form);
  const set = <K extends keyof PolicyForm>(key: K, value: PolicyForm[K]) => {
    setSaved(false);
    setForm((f) => ({ ...f, [key]: value }));
  };
  const problem = (field: keyof PolicyForm) =>
    problems[field] ? t(`admin.funds.problem.${problems[field]}`) : errors[field];
  const editable = fund.permissions.updatePolicy.allowed;

  return (
    <Paper withBorder p="md" component="form" onSubmit={(e) => e.preventDefault()} aria-labelledby="policy-title">
      <Title order={2} size="h3" id="policy-title" mb="xs">
        {t('admin.funds.policy', { name: fund.name })}
      </Title>
      <Text size="sm" mb="md">
        {t('admin.funds.facts', { code: fund.code, currency: fund.baseCurrency, board: fund.boardSize })}
      </Text>
      <Stack gap="md">
        <TextInput
          label={t('admin.funds.name')}
          value={form.name}
          onChange={(e) => set('name', e.currentTarget.value)}
          error={problem('name')}
          disabled={!editable}
          maxLength={300}
        />
        <Title order={3} size="h4">
          {t('admin.funds.board')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NumberInput
            label={t('admin.funds.minApprovals')}
            description={t('admin.funds.minApprovalsHint', { board: fund.boardSize })}
            value={form.minApprovals}
            onChange={(v) => set('minApprovals', typeof v === 'number' ? v : '')}
            min={1}
            max={50}
            allowDecimal={false}
            error={problem('minApprovals')}
            disabled={!editable}
          />
          <TextInput
            label={t('admin.funds.unanimityThreshold', { currency: fund.baseCurrency })}
            description={t('admin.funds.unanimityHint')}
            value={form.unanimityThreshold}
            onChange={(e) => set('unanimityThreshold', e.currentTarget.value)}
            error={problem('unanimityThreshold')}
            disabled={!editable}
            inputMode="decimal"
          />
          <Switch
            label={t('admin.funds.secretariatMayReview')}
            checked={form.secretariatMayReview}
            onChange={(e) => set('secretariatMayReview', e.currentTarget.checked)}
            disabled={!editable}
          />
        </SimpleGrid>
        <Title order={3} size="h4">
          {t('admin.funds.money')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NumberInput
            label={t('admin.funds.supportCost')}
            description={t('admin.funds.supportCostHint')}
            value={form.supportCostPercent}
            onChange={(v) => set('supportCostPercent', typeof v === 'number' ? v : '')}
            min={0}
            max={100}
            decimalScale={2}
            suffix=" %"
            error={problem('supportCostPercent')}
            disabled={!editable}
          />
          <TextInput
            label={t('admin.funds.auditThreshold', { currency: fund.baseCurrency })}
            value={form.auditThreshold}
            onChange={(e) => set('auditThreshold', e.currentTarget.value)}
            error={problem('auditThreshold')}
            disabled={!editable}
            inputMode="decimal"
          />
          <TextInput
            label={t('admin.funds.trancheWeights')}
            description={t('admin.funds.trancheWeightsHint')}
            value={form.trancheWeights}
            onChange={(e) => set('trancheWeights', e.currentTarget.value)}
            error={problem('trancheWeights')}
            disabled={!editable}
          />
          <NumberInput
            label={t('admin.funds.fxTolerance')}
            description={t('admin.funds.fxToleranceHint')}
            value={form.fxTolerancePercent}
            onChange={(v) => set('fxTolerancePercent', typeof v === 'number' ? v : '')}
            min={0}
            max={50}
            decimalScale={2}
            suffix=" %"
            error={problem('fxTolerancePercent')}
            disabled={!editable}
          />
          <NumberInput
            label={t('admin.funds.acceptanceDays')}
            description={t('admin.funds.acceptanceDaysHint')}
            value={form.awardAcceptanceDays}
            onChange={(v) => set('awardAcceptanceDays', typeof v === 'number' ? v : '')}
            min={0}
            max={365}
            allowDecimal={false}
            error={problem('awardAcceptanceDays')}
            disabled={!editable}
          />
        </SimpleGrid>
        <Title order={3} size="h4">
          {t('admin.funds.payments')}
        </Title>
        <Checkbox.Group
          label={t('admin.funds.approvers')}
          description={t('admin.funds.approversHint')}
          value={form.trancheApproverRoles}
          onChange={(v) => set('trancheApproverRoles', v as Role[])}
          error={problem('trancheApproverRoles')}
        >
          <Group mt="xs">
            {APPROVER_ROLES.map((r) => (
              <Checkbox key={r} value={r} label={t(`admin.role.${r}`)} disabled={!editable} />
            ))}
          </Group>
        </Checkbox.Group>
        <Switch
          label={t('admin.funds.separation')}
          checked={form.paymentSeparationOfDuties}
          onChange={(e) => set('paymentSeparationOfDuties', e.currentTarget.checked)}
          disabled={!editable}
        />
        {errors._form && (
          <Alert color="red" role="alert">
            {errors._form}
          </Alert>
        )}
        {saved && (
          <Alert color={SUCCESS} role="status">
            {t('admin.funds.saved')}
          </Alert>
        )}
        <PermissionButton
          type="submit"
          permission={fund.permissions.updatePolicy}
          loading={saving.loading}
          disabled={Object.keys(problems).length > 0}
          onClick={() =>
            void save({ variables: { input: { fundId: fund.id, ...toPolicyInput(form) } } }).then((r) => {
              const errs = r.data?.updateFundPolicy.errors ?? [];
              setErrors(errorsByField(errs, t, FIELDS));
              setSaved(errs.length === 0);
            })
          }
        >
          {t('admin.funds.save')}
        </PermissionButton>
      </Stack>
    </Paper>
  );
}

/** The form as UpdateFundPolicyInput (percentages back to basis points). */
function toPolicyInput(f: PolicyForm) {
  return {
    name: f.name.trim(),
    minApprovals: Number(f.minApprovals),
    unanimityThreshold: f.unanimityThreshold.trim(),
    auditThreshold: f.auditThreshold.trim(),
    supportCostRateBps: Math.round(Number(f.supportCostPercent) * 100),
    trancheWeights: f.trancheWeights
      .split(/[,\s]+/)
      .filter(Boolean)
      .map(Number),
    secretariatMayReview: f.secretariatMayReview,
    paymentSeparationOfDuties: f.paymentSeparationOfDuties,
    fxToleranceBps: Math.round(Number(f.fxTolerancePercent) * 100),
    awardAcceptanceDays: Number(f.awardAcceptanceDays),
    trancheApproverRoles: f.trancheApproverRoles,
  };
}
