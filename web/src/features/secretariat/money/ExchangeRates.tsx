import { useState } from 'react';
import { Alert, Button, Group, Paper, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../../gql';
import { errorsByField, type PayloadError } from '../../../app/errors';
import { SUCCESS } from '../../ngo/colors';
import { parseRate } from './wire-rate';

const FundBaseDocument = graphql(`
  query FundBase($id: String!) {
    fund(id: $id) {
      id
      baseCurrency
    }
  }
`);

const MonthRatesDocument = graphql(`
  query MonthRates($month: String!, $base: String!) {
    exchangeRates(filter: { month: $month, baseCurrency: $base }, first: 100) {
      edges {
        node {
          id
          currency
          rate
        }
      }
    }
  }
`);

const SetRateDocument = graphql(`
  mutation SetMonthRate($input: SetExchangeRateInput!) {
    setExchangeRate(input: $input) {
      exchangeRate {
        id
        currency
        rate
      }
      errors {
        code
        ...UserErrorFields
      }
    }
  }
`);

const thisMonth = () => new Date().toISOString().slice(0, 7);

/** The month's operational rates to the fund's base currency, which wires are converted at and checked against. */
export function ExchangeRates({ fundId }: { fundId: string }) {
  const { t } = useTranslation();
  const base = useQuery(FundBaseDocument, { variables: { id: fundId } }).data?.fund?.baseCurrency ?? 'USD';
  const [month, setMonth] = useState(thisMonth);
  const [currency, setCurrency] = useState('');
  const [rate, setRate] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState<string | null>(null);
  const { data } = useQuery(MonthRatesDocument, { variables: { month, base }, skip: !/^\d{4}-\d{2}$/.test(month) });
  const [setExchangeRate, { loading }] = useMutation(SetRateDocument, {
    refetchQueries: ['MonthRates', 'MonthRate', 'MoneyBalance'],
  });
  const local: Record<string, string> = {};
  if (rate.trim() && parseRate(rate) === null) local.rate = t('wire.invalidRate');
  const submit = async () => {
    setSaved(null);
    const cur = currency.trim().toUpperCase();
    if (!/^[A-Z]{3}$/.test(cur) || !rate.trim() || local.rate) {
      setErrors({
        ...(!/^[A-Z]{3}$/.test(cur) ? { currency: t('wire.required') } : {}),
        ...(!rate.trim() ? { rate: t('wire.required') } : local),
      });
      return;
    }
    const r = await setExchangeRate({
      variables: { input: { currency: cur, baseCurrency: base, month, rate: rate.trim() } },
    });
    const p = r.data?.setExchangeRate;
    const errs = (p?.errors ?? []) as PayloadError[];
    setErrors(errorsByField(errs, t, ['currency', 'rate', 'month']));
    if (!errs.length && p?.exchangeRate) {
      setSaved(t('rates.saved', { currency: p.exchangeRate.currency, rate: p.exchangeRate.rate, base, month }));
      setRate('');
    }
  };
  const rates = data?.exchangeRates.edges.map((e) => e.node) ?? [];
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="rates-title">
      <Title order={2} size="h3" id="rates-title" mb="xs">
        {t('rates.title')}
      </Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        noValidate
      >
        <Group align="flex-start" wrap="wrap">
          <TextInput
            type="month"
            label={t('rates.month')}
            value={month}
            onChange={(e) => setMonth(e.currentTarget.value)}
            error={errors.month}
          />
          <TextInput
            label={t('wire.currency')}
            value={currency}
            maxLength={3}
            onChange={(e) => setCurrency(e.currentTarget.value.toUpperCase())}
            error={errors.currency}
          />
          <TextInput
            label={t('wire.rate', { base })}
            value={rate}
            onChange={(e) => setRate(e.currentTarget.value)}
            error={errors.rate ?? local.rate}
            inputMode="decimal"
          />
          <Button type="submit" loading={loading} mt={24}>
            {t('rates.save')}
          </Button>
        </Group>
      </form>
      {errors._form && (
        <Alert color="red" role="alert" mt="sm">
          {errors._form}
        </Alert>
      )}
      <div role="status" aria-live="polite">
        {saved && (
          <Alert color={SUCCESS} mt="sm">
            {saved}
          </Alert>
        )}
      </div>
      {data && rates.length === 0 && (
        <Text c="dimmed" mt="sm">
          {t('rates.none')}
        </Text>
      )}
      {rates.length > 0 && (
        <Table aria-label={t('rates.title')} mt="sm" maw={420}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('wire.currency')}</Table.Th>
              <Table.Th scope="col" ta="right">
                {t('wire.rate', { base })}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rates.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{r.currency}</Table.Td>
                <Table.Td ta="right">{r.rate}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}
