import { useState } from 'react';
import { Alert, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../../gql';
import type { RateQueueQuery } from '../../../gql/graphql';
import { errorsByField, type PayloadError } from '../../../app/errors';
import { formatDate, formatMoney } from '../../../app/format';
import { PermissionButton } from '../../ngo/PermissionButton';
import { SUCCESS } from '../../ngo/colors';

const RateQueueDocument = graphql(`
  query RateQueue($fundId: String!) {
    contributions(filter: { fundId: $fundId, channel: WIRE, status: PENDING }, first: 100) {
      edges {
        node {
          id
          rateCheck
          exchangeRate
          storedRate
          valueDate
          bankReference
          amount {
            amount
            currency
          }
          baseAmount {
            amount
            currency
          }
          donorOrganization {
            id
            legalName
          }
          permissions {
            decideRate {
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

const ConfirmRateDocument = graphql(`
  mutation ConfirmWireRate($input: ConfirmWireRateInput!) {
    confirmWireRate(input: $input) {
      contribution {
        id
        status
        rateCheck
      }
      errors {
        code
        ...UserErrorFields
      }
    }
  }
`);

const RejectRateDocument = graphql(`
  mutation RejectWireRate($input: RejectWireRateInput!) {
    rejectWireRate(input: $input) {
      contribution {
        id
        status
        rateCheck
      }
      errors {
        code
        ...UserErrorFields
      }
    }
  }
`);

type Wire = RateQueueQuery['contributions']['edges'][number]['node'];

/** Wires whose rate is beyond the tolerance, each decided by a member other than its recorder. */
export function RateQueue({ fundId }: { fundId: string }) {
  const { t } = useTranslation();
  const { data } = useQuery(RateQueueDocument, { variables: { fundId }, fetchPolicy: 'cache-and-network' });
  const [message, setMessage] = useState<string | null>(null);
  const waiting = (data?.contributions.edges ?? [])
    .map((e) => e.node)
    .filter((c) => c.rateCheck === 'AWAITING_CONFIRMATION');
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="rate-queue-title">
      <Title order={2} size="h3" id="rate-queue-title">
        {t('rateQueue.title')}
      </Title>
      <Text size="sm" mb="sm">
        {t('rateQueue.intro')}
      </Text>
      <div role="status" aria-live="polite">
        {message && (
          <Alert color={SUCCESS} mb="sm">
            {message}
          </Alert>
        )}
      </div>
      <Stack gap="sm">
        {data && waiting.length === 0 && <Text c="dimmed">{t('rateQueue.none')}</Text>}
        {waiting.map((c) => (
          <WaitingWire key={c.id} wire={c} onDone={setMessage} />
        ))}
      </Stack>
    </Paper>
  );
}

function WaitingWire({ wire, onDone }: { wire: Wire; onDone: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const [comment, setComment] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const refetchQueries = ['RateQueue', 'MoneyBalance'];
  const [confirm, confirming] = useMutation(ConfirmRateDocument, { refetchQueries });
  const [reject, rejecting] = useMutation(RejectRateDocument, { refetchQueries });
  const allowed = wire.permissions.decideRate;
  const answer = (errs: readonly PayloadError[], ok: string) => {
    setErrors(errorsByField(errs, t, ['reason', 'comment']));
    if (!errs.length) onDone(ok);
  };
  return (
    <Paper withBorder p="sm" data-testid="waiting-wire">
      <Text fw={600}>
        {wire.donorOrganization.legalName}: {formatMoney(wire.amount, lang)}
      </Text>
      <Text size="sm">
        {wire.valueDate && formatDate(wire.valueDate, lang)} · {wire.bankReference}
      </Text>
      <Text size="sm">
        {t('rateQueue.entered', { rate: wire.exchangeRate })} · {t('rateQueue.stored', { rate: wire.storedRate })} ·{' '}
        {t('rateQueue.base', { amount: formatMoney(wire.baseAmount, lang) })}
      </Text>
      <Group align="flex-end" mt="xs" wrap="wrap">
        <TextInput
          label={t('rateQueue.comment')}
          value={comment}
          onChange={(e) => setComment(e.currentTarget.value)}
          error={errors.comment}
          disabled={!allowed.allowed}
        />
        <PermissionButton
          permission={allowed}
          loading={confirming.loading}
          onClick={() =>
            void confirm({
              variables: { input: { contributionId: wire.id, comment: comment.trim() || undefined } },
            }).then((r) => answer(r.data?.confirmWireRate.errors ?? [], t('rateQueue.confirmed')))
          }
        >
          {t('rateQueue.confirm')}
        </PermissionButton>
      </Group>
      <Group align="flex-end" mt="xs" wrap="wrap">
        <TextInput
          label={t('rateQueue.reason')}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={errors.reason}
          disabled={!allowed.allowed}
        />
        <PermissionButton
          permission={allowed}
          color="red"
          variant="outline"
          loading={rejecting.loading}
          disabled={!reason.trim()}
          onClick={() =>
            void reject({ variables: { input: { contributionId: wire.id, reason: reason.trim() } } }).then((r) =>
              answer(r.data?.rejectWireRate.errors ?? [], t('rateQueue.rejected')),
            )
          }
        >
          {t('rateQueue.reject')}
        </PermissionButton>
      </Group>
      {errors._form && (
        <Alert color="red" role="alert" mt="xs">
          {errors._form}
        </Alert>
      )}
    </Paper>
  );
}
