import { Alert, Button, Paper, Select, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { graphql } from '../../gql';
import { failureKind } from '../../app/apollo';
import { errorsByField } from '../../app/errors';
import { usePageTitle } from '../../app/usePageTitle';
import { amountError, CURRENCIES, today } from './money-input';

export const DonorFundsDocument = graphql(`
  query DonorFunds {
    funds(first: 50) {
      edges {
        node {
          id
          code
          name
          baseCurrency
        }
      }
    }
  }
`);

const CreatePledgeDocument = graphql(`
  mutation CreatePledge($input: CreatePledgeInput!) {
    createPledge(input: $input) {
      pledge {
        id
      }
      errors {
        code
        ...UserErrorFields
      }
    }
  }
`);

const FIELDS = ['fundId', 'amount', 'currency', 'dueDate', 'earmark', 'note'] as const;
type Field = (typeof FIELDS)[number];

/** A new pledge: an amount, a currency and a due date; checked as the user types with the API's limits. */
export default function PledgeNewPage() {
  const { t } = useTranslation();
  usePageTitle(t('donor.pledgeForm.title'));
  const navigate = useNavigate();
  const funds = useQuery(DonorFundsDocument);
  const fundList = funds.data?.funds.edges.map((e) => e.node) ?? [];
  const [values, setValues] = useState<Record<Field, string>>({
    fundId: '',
    amount: '',
    currency: 'USD',
    dueDate: '',
    earmark: '',
    note: '',
  });
  const [touched, setTouched] = useState<Partial<Record<Field, boolean>>>({});
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [create, { loading }] = useMutation(CreatePledgeDocument);
  const fundId = values.fundId || fundList[0]?.id || '';
  const set = (f: Field) => (value: string) => {
    setValues((v) => ({ ...v, [f]: value }));
    setServerErrors((e) => ({ ...e, [f]: '' }));
  };

  function validate(): Record<string, string> {
    const out: Record<string, string> = {};
    const amount = amountError(values.amount, values.currency, t);
    if (amount) out.amount = amount;
    if (!values.dueDate) out.dueDate = t('form.required');
    else if (values.dueDate < today()) out.dueDate = t('donor.pledgeForm.pastDate');
    if (!fundId) out.fundId = t('form.required');
    return out;
  }
  const local = validate();
  const shown = (f: Field) => serverErrors[f] || (touched[f] ? local[f] : undefined);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setTouched({ fundId: true, amount: true, currency: true, dueDate: true });
    if (Object.keys(local).length) return;
    try {
      const { data } = await create({
        variables: {
          input: {
            fundId,
            amount: values.amount.trim(),
            currency: values.currency,
            dueDate: values.dueDate,
            earmark: values.earmark.trim() || null,
            note: values.note.trim() || null,
          },
        },
      });
      const payload = data?.createPledge;
      if (!payload?.pledge) {
        setServerErrors(errorsByField(payload?.errors ?? [], t, FIELDS));
        return;
      }
      await navigate(`/donor/pledges/${encodeURIComponent(payload.pledge.id)}`);
    } catch (err) {
      setServerErrors({ _form: t(`failure.${failureKind(err)}.body`) });
    }
  }

  return (
    <Stack maw={560} mx="auto">
      <Title order={1}>{t('donor.pledgeForm.title')}</Title>
      <Text>{t('donor.pledgeForm.intro')}</Text>
      <Paper withBorder p="md" component="form" onSubmit={onSubmit} noValidate>
        <Stack>
          {serverErrors._form && (
            <Alert color="red" role="alert">
              {serverErrors._form}
            </Alert>
          )}
          {fundList.length > 1 && (
            <Select
              label={t('donor.pledgeForm.fund')}
              required
              data={fundList.map((f) => ({ value: f.id, label: f.name }))}
              value={fundId}
              onChange={(v) => set('fundId')(v ?? '')}
              error={shown('fundId')}
            />
          )}
          <TextInput
            label={t('donor.pledgeForm.amount')}
            description={t('donor.pledgeForm.amountHint')}
            required
            inputMode="decimal"
            value={values.amount}
            onChange={(e) => set('amount')(e.currentTarget.value)}
            onBlur={() => setTouched((x) => ({ ...x, amount: true }))}
            error={shown('amount')}
          />
          <Select
            label={t('donor.pledgeForm.currency')}
            required
            allowDeselect={false}
            data={CURRENCIES}
            value={values.currency}
            onChange={(v) => set('currency')(v ?? 'USD')}
            error={shown('currency')}
          />
          <TextInput
            label={t('donor.pledgeForm.dueDate')}
            type="date"
            required
            min={today()}
            value={values.dueDate}
            onChange={(e) => set('dueDate')(e.currentTarget.value)}
            onBlur={() => setTouched((x) => ({ ...x, dueDate: true }))}
            error={shown('dueDate')}
          />
          <TextInput
            label={t('donor.pledgeForm.earmark')}
            description={t('donor.pledgeForm.earmarkHint')}
            maxLength={300}
            value={values.earmark}
            onChange={(e) => set('earmark')(e.currentTarget.value)}
            error={shown('earmark')}
          />
          <Textarea
            label={t('donor.pledgeForm.note')}
            maxLength={2000}
            autosize
            minRows={2}
            value={values.note}
            onChange={(e) => set('note')(e.currentTarget.value)}
            error={shown('note')}
          />
          <Button type="submit" loading={loading}>
            {t('donor.pledgeForm.submit')}
          </Button>
        </Stack>
      </Paper>
    </Stack>
  );
}
