import { lazy, Suspense, useEffect, useState, type FormEvent } from 'react';
import { Alert, Button, Loader, Paper, Progress, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { graphql } from '../../gql';
import { failureKind } from '../../app/apollo';
import { errorsByField } from '../../app/errors';
import { formatDate, formatMoney } from '../../app/format';
import { usePageTitle } from '../../app/usePageTitle';
import { amountError, CARD_MAX_MINOR, CURRENCIES } from './money-input';
import { DonorFundsDocument } from './PledgeNewPage';

// Stripe.js and its React bindings load only when a donor reaches the card form.
const StripePaymentForm = lazy(() => import('./StripePaymentForm'));

const CardPaymentDocument = graphql(`
  query CardPayment($pledgeId: ID!, $withPledge: Boolean!) {
    paymentSettings {
      cardPayments
      stripePublishableKey
    }
    node(id: $pledgeId) @include(if: $withPledge) {
      ... on Pledge {
        id
        dueDate
        amount {
          amount
          currency
        }
        outstanding {
          amount
          currency
        }
        fund {
          id
        }
        permissions {
          payByCard {
            allowed
            reason
            code
          }
        }
      }
    }
  }
`);

const CreateCardContributionDocument = graphql(`
  mutation CreateCardContribution($input: CreateCardContributionInput!) {
    createCardContribution(input: $input) {
      clientSecret
      contribution {
        id
        amount {
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

const ContributionStatusDocument = graphql(`
  query ContributionStatus($id: ID!) {
    node(id: $id) {
      ... on Contribution {
        id
        status
        failureReason
      }
    }
  }
`);

const FIELDS = ['amount', 'currency', 'fundId', 'pledgeId'] as const;

type Step =
  | { kind: 'amount' }
  | { kind: 'card'; contributionId: string; clientSecret: string; amountText: string }
  | { kind: 'waiting'; contributionId: string };

/**
 * Card payment: the API creates the PaymentIntent, Stripe's Payment Element takes the card, and the
 * payment counts when Stripe's webhook reaches the API: until then the page shows its progress.
 */
export default function CardPaymentPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  usePageTitle(t('donor.card.title'));
  const navigate = useNavigate();
  const pledgeId = useSearchParams()[0].get('pledge');
  const q = useQuery(CardPaymentDocument, { variables: { pledgeId: pledgeId ?? '', withPledge: !!pledgeId } });
  const funds = useQuery(DonorFundsDocument, { skip: !!pledgeId });
  const pledge = q.data?.node && 'outstanding' in q.data.node ? q.data.node : null;
  const [amount, setAmount] = useState<string | null>(null);
  const [currency, setCurrency] = useState('USD');
  const [touched, setTouched] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  // One key per payment attempt: a retry after a network failure reaches the same PaymentIntent.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const [step, setStep] = useState<Step>({ kind: 'amount' });
  const [create, { loading: creating }] = useMutation(CreateCardContributionDocument);

  const payCurrency = pledge?.amount.currency ?? currency;
  const payAmount = amount ?? (pledge && Number(pledge.outstanding.amount) > 0 ? pledge.outstanding.amount : '');
  const localError = amountError(payAmount, payCurrency, t, CARD_MAX_MINOR);
  const fundId = pledge?.fund.id ?? funds.data?.funds.edges[0]?.node.id ?? '';
  const settings = q.data?.paymentSettings;

  async function onContinue(e: FormEvent) {
    e.preventDefault();
    setTouched(true);
    if (localError) return;
    try {
      const { data } = await create({
        variables: {
          input: {
            fundId,
            pledgeId: pledge?.id ?? null,
            amount: payAmount.trim(),
            currency: payCurrency,
            idempotencyKey,
          },
        },
      });
      const p = data?.createCardContribution;
      if (!p?.contribution || !p.clientSecret) {
        setServerErrors(errorsByField(p?.errors ?? [], t, FIELDS));
        return;
      }
      setStep({
        kind: 'card',
        contributionId: p.contribution.id,
        clientSecret: p.clientSecret,
        amountText: formatMoney(p.contribution.amount, lang),
      });
    } catch (err) {
      setServerErrors({ _form: t(`failure.${failureKind(err)}.body`) });
    }
  }

  if (q.loading && !q.data) return <Loader role="status" aria-label={t('common.loading')} />;
  if (q.error && !q.data) {
    return (
      <Alert color="red" role="alert" title={t(`failure.${failureKind(q.error)}.title`)}>
        <Button mt="sm" color="red" onClick={() => void q.refetch()}>
          {t('failure.retry')}
        </Button>
      </Alert>
    );
  }
  const permission = pledge?.permissions.payByCard;
  const unavailable = !settings?.cardPayments || !settings.stripePublishableKey;

  return (
    <Stack maw={560} mx="auto">
      <Title order={1}>{t('donor.card.title')}</Title>
      {pledge && (
        <Text>
          {t('donor.card.forPledge', {
            amount: formatMoney(pledge.amount, lang),
            date: formatDate(pledge.dueDate, lang),
          })}
        </Text>
      )}
      <Text>{t('donor.card.intro')}</Text>
      {unavailable ? (
        <Alert color="gray.8">{t('donor.card.unavailable')}</Alert>
      ) : permission && !permission.allowed ? (
        <Alert color="gray.8">{permission.code ? t(`errors.${permission.code}`) : permission.reason}</Alert>
      ) : step.kind === 'amount' ? (
        <Paper withBorder p="md" component="form" onSubmit={onContinue} noValidate>
          <Stack>
            {serverErrors._form && (
              <Alert color="red" role="alert">
                {serverErrors._form}
              </Alert>
            )}
            {serverErrors.fundId || serverErrors.pledgeId ? (
              <Alert color="red" role="alert">
                {serverErrors.fundId || serverErrors.pledgeId}
              </Alert>
            ) : null}
            <TextInput
              label={t('donor.card.amount')}
              required
              inputMode="decimal"
              value={payAmount}
              onChange={(e) => {
                setAmount(e.currentTarget.value);
                setServerErrors({});
              }}
              onBlur={() => setTouched(true)}
              error={serverErrors.amount || (touched ? localError : null)}
            />
            {pledge ? (
              <TextInput label={t('donor.card.currency')} value={payCurrency} readOnly />
            ) : (
              <Select
                label={t('donor.card.currency')}
                required
                allowDeselect={false}
                data={CURRENCIES}
                value={currency}
                onChange={(v) => {
                  setCurrency(v ?? 'USD');
                  setServerErrors({});
                }}
                error={serverErrors.currency}
              />
            )}
            <Button type="submit" loading={creating}>
              {creating ? t('donor.card.preparing') : t('donor.card.continue')}
            </Button>
          </Stack>
        </Paper>
      ) : step.kind === 'card' ? (
        <Paper withBorder p="md">
          <Suspense fallback={<Loader role="status" aria-label={t('donor.card.loadingStripe')} />}>
            <StripePaymentForm
              publishableKey={settings.stripePublishableKey ?? ''}
              clientSecret={step.clientSecret}
              amountText={step.amountText}
              locale={lang}
              onSent={() => setStep({ kind: 'waiting', contributionId: step.contributionId })}
            />
          </Suspense>
        </Paper>
      ) : (
        <WaitForWebhook
          contributionId={step.contributionId}
          onReceived={() => void navigate(`/donor/contributions/${encodeURIComponent(step.contributionId)}?paid=1`)}
          onRetry={() => {
            setIdempotencyKey(crypto.randomUUID());
            setStep({ kind: 'amount' });
          }}
        />
      )}
      <Button component={Link} to="/donor" variant="subtle" w="fit-content">
        {t('donor.receipt.back')}
      </Button>
    </Stack>
  );
}

/** Polls the contribution until Stripe's webhook has been booked (RECEIVED) or the payment failed. */
function WaitForWebhook({
  contributionId,
  onReceived,
  onRetry,
}: {
  contributionId: string;
  onReceived: () => void;
  onRetry: () => void;
}) {
  const { t } = useTranslation();
  const { data } = useQuery(ContributionStatusDocument, {
    variables: { id: contributionId },
    pollInterval: 1000,
    fetchPolicy: 'network-only',
    notifyOnNetworkStatusChange: false,
  });
  const c = data?.node && 'status' in data.node ? data.node : null;
  const [done, setDone] = useState(false);
  // A FAILED status may be an earlier, declined attempt on the same PaymentIntent: Stripe accepted
  // this one, so only a failure that lasts is shown as the outcome.
  const [failedSince, setFailedSince] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (c?.status === 'RECEIVED' && !done) {
    setDone(true);
    queueMicrotask(onReceived);
  }
  if (c?.status === 'FAILED' && failedSince === null) setFailedSince(Date.now());
  if (c && c.status !== 'FAILED' && failedSince !== null) setFailedSince(null);
  if (c?.status === 'FAILED' && failedSince !== null && now - failedSince > 15_000) {
    return (
      <Alert color="red" role="alert">
        <Stack gap="sm" align="flex-start">
          <Text>{t('donor.card.failed', { reason: c.failureReason ?? t('donor.card.declined') })}</Text>
          <Button color="red" onClick={onRetry}>
            {t('donor.card.tryAgain')}
          </Button>
        </Stack>
      </Alert>
    );
  }
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Text role="status" fw={500}>
          {t('donor.card.waiting')}
        </Text>
        <Progress value={100} animated striped aria-label={t('donor.card.waiting')} />
        <Text size="sm">{t('donor.card.waitingHint')}</Text>
      </Stack>
    </Paper>
  );
}
