import { useMemo, useState } from 'react';
import { Alert, Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../../gql';
import { errorsByField, type PayloadError } from '../../../app/errors';
import { formatMoney, fromMinorUnits, toMinorUnits } from '../../../app/format';

const RefundCardDocument = graphql(`
  mutation SecRefundCard($input: RefundCardContributionInput!) {
    refundCardContribution(input: $input) {
      contribution {
        id
        status
        refunded {
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

const RefundWireDocument = graphql(`
  mutation SecRefundWire($input: RefundWireContributionInput!) {
    refundWireContribution(input: $input) {
      contribution {
        id
        status
        refunded {
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

interface Money {
  amount: string;
  currency: string;
}

interface Props {
  contribution: { id: string; channel: 'STRIPE' | 'WIRE'; amount: Money; refunded: Money };
  onClose: (done?: string) => void;
}

const FIELDS = ['amount', 'reason', 'reference', 'valueDate'];
const today = () => new Date().toISOString().slice(0, 10);

/**
 * A refund, whole or partial: a card payment through the payment provider (one idempotency key per
 * form, so a retry never refunds twice), a wire as an outgoing transfer with its bank reference.
 */
export function RefundForm({ contribution: c, onClose }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [reference, setReference] = useState('');
  const [valueDate, setValueDate] = useState(today());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const idempotencyKey = useMemo(() => crypto.randomUUID(), []);
  const refetchQueries = ['SecContributions', 'MoneyBalance'];
  const [refundCard, card] = useMutation(RefundCardDocument, { refetchQueries });
  const [refundWire, wire] = useMutation(RefundWireDocument, { refetchQueries });

  const total = toMinorUnits(c.amount.amount, c.amount.currency) ?? 0n;
  const refunded = toMinorUnits(c.refunded.amount, c.refunded.currency) ?? 0n;
  const left = { amount: fromMinorUnits(total - refunded, c.amount.currency), currency: c.amount.currency };
  const wanted = amount.trim() ? toMinorUnits(amount, c.amount.currency) : null;
  const local: Record<string, string> = {};
  if (amount.trim() && (wanted === null || wanted <= 0n)) local.amount = t('wire.invalidAmount');
  else if (wanted !== null && wanted > total - refunded) local.amount = t('refund.overLeft');

  const submit = async () => {
    const missing: Record<string, string> = {};
    if (!reason.trim()) missing.reason = t('wire.required');
    if (c.channel === 'WIRE' && !reference.trim()) missing.reference = t('wire.required');
    if (Object.keys(missing).length || Object.keys(local).length) {
      setErrors({ ...missing, ...local });
      return;
    }
    const common = { contributionId: c.id, amount: amount.trim() || undefined, reason: reason.trim() };
    const p =
      c.channel === 'STRIPE'
        ? (await refundCard({ variables: { input: { ...common, idempotencyKey } } })).data?.refundCardContribution
        : (
            await refundWire({
              variables: {
                input: { ...common, currency: c.amount.currency, reference: reference.trim(), valueDate },
              },
            })
          ).data?.refundWireContribution;
    const errs = (p?.errors ?? []) as PayloadError[];
    setErrors(errorsByField(errs, t, FIELDS));
    if (!errs.length && p?.contribution) {
      onClose(t('refund.done', { amount: formatMoney(p.contribution.refunded, lang) }));
    }
  };

  return (
    <Paper withBorder p="sm" mt="xs" component="form" onSubmit={(e) => (e.preventDefault(), void submit())} noValidate>
      <Stack gap="xs">
        <Text fw={600}>{t('refund.title', { amount: formatMoney(c.amount, lang) })}</Text>
        <Text size="sm">{t('refund.left', { amount: formatMoney(left, lang) })}</Text>
        <TextInput
          label={t('refund.amount')}
          value={amount}
          onChange={(e) => setAmount(e.currentTarget.value)}
          error={errors.amount ?? local.amount}
          inputMode="decimal"
        />
        <TextInput
          label={t('refund.reason')}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={errors.reason}
          required
        />
        {c.channel === 'WIRE' && (
          <Group grow align="flex-start">
            <TextInput
              label={t('refund.reference')}
              value={reference}
              onChange={(e) => setReference(e.currentTarget.value)}
              error={errors.reference}
              required
            />
            <TextInput
              type="date"
              label={t('refund.valueDate')}
              value={valueDate}
              onChange={(e) => setValueDate(e.currentTarget.value)}
              error={errors.valueDate}
              required
            />
          </Group>
        )}
        {errors._form && (
          <Alert color="red" role="alert">
            {errors._form}
          </Alert>
        )}
        <Group>
          <Button type="submit" color="red" loading={card.loading || wire.loading}>
            {t('refund.submit')}
          </Button>
          <Button variant="default" onClick={() => onClose()}>
            {t('refund.cancel')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
