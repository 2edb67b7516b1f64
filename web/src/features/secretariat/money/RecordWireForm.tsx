import { useState } from 'react';
import { Alert, Button, Group, Paper, Radio, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../../gql';
import { errorsByField, type PayloadError } from '../../../app/errors';
import { formatMoney, toMinorUnits } from '../../../app/format';
import { ATTENTION, SUCCESS } from '../../ngo/colors';
import { compareRate, monthOf, parseRate } from './wire-rate';

const WireFormDataDocument = graphql(`
  query WireFormData($fundId: String!) {
    fund(id: $fundId) {
      id
      baseCurrency
      fxToleranceBps
    }
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

const DonorPledgesDocument = graphql(`
  query DonorPledges($fundId: String!, $donorId: String!) {
    pledges(filter: { fundId: $fundId, donorOrganizationId: $donorId }, first: 100) {
      edges {
        node {
          id
          reference
          status
          outstanding {
            amount
            currency
          }
        }
      }
    }
  }
`);

const MonthRateDocument = graphql(`
  query MonthRate($currency: String!, $base: String!, $month: String!) {
    exchangeRates(filter: { currency: $currency, baseCurrency: $base, month: $month }, first: 1) {
      edges {
        node {
          id
          rate
        }
      }
    }
  }
`);

const RecordWireDocument = graphql(`
  mutation RecordWire($input: RecordWireContributionInput!) {
    recordWireContribution(input: $input) {
      contribution {
        id
        status
        rateCheck
        amount {
          amount
          currency
        }
        baseAmount {
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

const FIELDS = ['donorOrganizationId', 'pledgeId', 'amount', 'currency', 'valueDate', 'bankReference', 'exchangeRate'];
const today = () => new Date().toISOString().slice(0, 10);

/**
 * A wire the fund received: the month's stored rate shown (or a given rate with its deviation and
 * what the API will do with it: post at once, or wait for a second member), then the API's answer.
 */
export function RecordWireForm({ fundId }: { fundId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const { data } = useQuery(WireFormDataDocument, { variables: { fundId } });
  const [donorId, setDonorId] = useState<string | null>(null);
  const [pledgeId, setPledgeId] = useState<string | null>(null);
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState('EUR');
  const [valueDate, setValueDate] = useState(today());
  const [bankReference, setBankReference] = useState('');
  const [note, setNote] = useState('');
  const [mode, setMode] = useState<'month' | 'given'>('month');
  const [rate, setRate] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState<{ text: string; waits: boolean } | null>(null);
  const [record, { loading }] = useMutation(RecordWireDocument, {
    refetchQueries: ['MoneyBalance', 'RateQueue', 'DonorPledges'],
  });

  const fund = data?.fund;
  const base = fund?.baseCurrency ?? 'USD';
  const cur = currency.trim().toUpperCase();
  const month = monthOf(valueDate);
  const pledges = useQuery(DonorPledgesDocument, {
    variables: { fundId, donorId: donorId ?? '' },
    skip: !donorId,
  });
  const stored = useQuery(MonthRateDocument, {
    variables: { currency: cur, base, month: month ?? '' },
    skip: !fund || !month || !/^[A-Z]{3}$/.test(cur) || cur === base,
  });
  const storedRate = stored.data?.exchangeRates.edges[0]?.node.rate ?? null;
  const needsRate = cur !== base;
  const given = mode === 'given' && needsRate ? rate.trim() : null;
  const comparison = fund && needsRate ? compareRate(given || null, storedRate, fund.fxToleranceBps) : null;
  const percent = (bps: number) =>
    new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 2, signDisplay: 'exceptZero' }).format(
      bps / 10_000,
    );

  const local: Record<string, string> = {};
  if (amount && (toMinorUnits(amount, /^[A-Z]{3}$/.test(cur) ? cur : base) ?? 0n) <= 0n)
    local.amount = t('wire.invalidAmount');
  if (given !== null && given !== '' && parseRate(given) === null) local.exchangeRate = t('wire.invalidRate');

  const submit = async () => {
    setDone(null);
    const missing: Record<string, string> = {};
    if (!donorId) missing.donorOrganizationId = t('wire.required');
    if (!amount) missing.amount = t('wire.required');
    if (!bankReference.trim()) missing.bankReference = t('wire.required');
    if (given === '' || (mode === 'given' && needsRate && !given)) missing.exchangeRate = t('wire.required');
    if (Object.keys(missing).length || Object.keys(local).length) {
      setErrors({ ...missing, ...local });
      return;
    }
    const r = await record({
      variables: {
        input: {
          fundId,
          donorOrganizationId: donorId ?? '',
          pledgeId: pledgeId ?? undefined,
          amount: amount.trim(),
          currency: cur,
          valueDate,
          bankReference: bankReference.trim(),
          note: note.trim() || undefined,
          exchangeRate: given || undefined,
        },
      },
    });
    const p = r.data?.recordWireContribution;
    const errs = (p?.errors ?? []) as PayloadError[];
    setErrors(errorsByField(errs, t, FIELDS));
    if (!errs.length && p?.contribution) {
      const c = p.contribution;
      const waits = c.rateCheck === 'AWAITING_CONFIRMATION';
      setDone({
        waits,
        text: waits
          ? t('wire.waits')
          : t('wire.recorded', { amount: formatMoney(c.amount, lang), base: formatMoney(c.baseAmount, lang) }),
      });
      setAmount('');
      setBankReference('');
      setNote('');
    }
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="wire-title">
      <Title order={2} size="h3" id="wire-title" mb="sm">
        {t('wire.title')}
      </Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        noValidate
      >
        <Stack gap="sm">
          <Select
            label={t('wire.donor')}
            data={(data?.organizations.edges ?? []).map((e) => ({ value: e.node.id, label: e.node.legalName }))}
            value={donorId}
            onChange={(v) => {
              setDonorId(v);
              setPledgeId(null);
            }}
            error={errors.donorOrganizationId}
            searchable
            required
          />
          <Select
            label={t('wire.pledge')}
            placeholder={t('wire.noPledge')}
            data={(pledges.data?.pledges.edges ?? [])
              .map((e) => e.node)
              .filter((p) => p.status === 'PLEDGED' || p.status === 'PARTIALLY_PAID')
              .map((p) => ({ value: p.id, label: `${p.reference} (${formatMoney(p.outstanding, lang)})` }))}
            value={pledgeId}
            onChange={setPledgeId}
            error={errors.pledgeId}
            clearable
            disabled={!donorId}
          />
          <Group grow align="flex-start">
            <TextInput
              label={t('wire.amount')}
              value={amount}
              onChange={(e) => setAmount(e.currentTarget.value)}
              error={errors.amount ?? local.amount}
              inputMode="decimal"
              required
            />
            <TextInput
              label={t('wire.currency')}
              value={currency}
              maxLength={3}
              onChange={(e) => setCurrency(e.currentTarget.value.toUpperCase())}
              error={errors.currency}
              required
            />
          </Group>
          <Group grow align="flex-start">
            <TextInput
              type="date"
              label={t('wire.valueDate')}
              value={valueDate}
              max={today()}
              onChange={(e) => setValueDate(e.currentTarget.value)}
              error={errors.valueDate}
              required
            />
            <TextInput
              label={t('wire.bankReference')}
              value={bankReference}
              onChange={(e) => setBankReference(e.currentTarget.value)}
              error={errors.bankReference}
              required
            />
          </Group>
          {needsRate ? (
            <>
              <Radio.Group
                label={t('wire.rateMode')}
                value={mode}
                onChange={(v) => setMode(v === 'given' ? 'given' : 'month')}
              >
                <Group mt={4}>
                  <Radio value="month" label={t('wire.monthRate')} />
                  <Radio value="given" label={t('wire.givenRate')} />
                </Group>
              </Radio.Group>
              <Text size="sm" data-testid="stored-rate">
                {storedRate
                  ? t('wire.storedRate', { month, currency: cur, rate: storedRate, base })
                  : t('wire.noStoredRate', { currency: cur, month })}
              </Text>
              {mode === 'given' && (
                <TextInput
                  label={t('wire.rate', { base })}
                  value={rate}
                  onChange={(e) => setRate(e.currentTarget.value)}
                  error={errors.exchangeRate ?? local.exchangeRate}
                  inputMode="decimal"
                  required
                />
              )}
              {comparison && comparison.verdict !== 'STORED' && !local.exchangeRate && given && (
                <Alert
                  color={comparison.verdict === 'AWAITING_CONFIRMATION' ? ATTENTION : 'blue.9'}
                  data-testid="rate-verdict"
                >
                  {comparison.deviationBps !== null && fund && (
                    <Text size="sm">
                      {t('wire.deviation', {
                        percent: percent(comparison.deviationBps),
                        tolerance: percent(fund.fxToleranceBps),
                      })}
                    </Text>
                  )}
                  <Text size="sm" fw={600}>
                    {comparison.verdict === 'AWAITING_CONFIRMATION'
                      ? t('wire.beyond')
                      : comparison.verdict === 'WITHIN_TOLERANCE'
                        ? t('wire.within')
                        : t('wire.flagged')}
                  </Text>
                </Alert>
              )}
            </>
          ) : (
            <Text size="sm">{t('wire.baseCurrency', { base })}</Text>
          )}
          <TextInput label={t('wire.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
          {errors._form && (
            <Alert color="red" role="alert">
              {errors._form}
            </Alert>
          )}
          <div role="status" aria-live="polite">
            {done && (
              <Alert color={done.waits ? ATTENTION : SUCCESS} data-testid="wire-result">
                {done.text}
              </Alert>
            )}
          </div>
          <Group>
            <Button type="submit" loading={loading}>
              {t('wire.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
