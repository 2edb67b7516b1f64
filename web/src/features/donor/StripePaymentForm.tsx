import { useEffect, useState, type FormEvent } from 'react';
import { Alert, Button, Loader, Stack, Text } from '@mantine/core';
import { loadStripe } from '@stripe/stripe-js/pure';
import type { Stripe, StripeElementLocale } from '@stripe/stripe-js';
import { Elements, PaymentElement, useElements, useStripe } from '@stripe/react-stripe-js';
import { useTranslation } from 'react-i18next';

const loaded = new Map<string, Promise<Stripe | null>>();

/** Stripe.js from js.stripe.com (the page's CSP allows it), once per publishable key. */
function stripeFor(key: string): Promise<Stripe | null> {
  let p = loaded.get(key);
  if (!p) {
    p = loadStripe(key);
    loaded.set(key, p);
    // A failed load may be retried.
    p.catch(() => loaded.delete(key));
  }
  return p;
}

interface Props {
  publishableKey: string;
  clientSecret: string;
  amountText: string;
  locale: string;
  /** Stripe accepted the card; the webhook books the payment later. */
  onSent: () => void;
}

export default function StripePaymentForm({ publishableKey, clientSecret, amountText, locale, onSent }: Props) {
  const { t } = useTranslation();
  const [state, setState] = useState<{ stripe: Stripe | null; failed: boolean }>({ stripe: null, failed: false });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    stripeFor(publishableKey).then(
      (stripe) => live && setState({ stripe, failed: !stripe }),
      () => live && setState({ stripe: null, failed: true }),
    );
    return () => {
      live = false;
    };
  }, [publishableKey, attempt]);

  if (state.failed) {
    return (
      <Alert color="red" role="alert">
        <Stack gap="sm" align="flex-start">
          <Text>{t('donor.card.stripeFailed')}</Text>
          <Button
            color="red"
            onClick={() => {
              setState({ stripe: null, failed: false });
              setAttempt((n) => n + 1);
            }}
          >
            {t('failure.retry')}
          </Button>
        </Stack>
      </Alert>
    );
  }
  if (!state.stripe) return <Loader role="status" aria-label={t('donor.card.loadingStripe')} />;
  return (
    <Elements
      stripe={state.stripe}
      options={{ clientSecret, locale: locale as StripeElementLocale, appearance: { theme: 'stripe' } }}
    >
      <CardForm amountText={amountText} onSent={onSent} />
    </Elements>
  );
}

function CardForm({ amountText, onSent }: { amountText: string; onSent: () => void }) {
  const { t } = useTranslation();
  const stripe = useStripe();
  const elements = useElements();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!stripe || !elements) return;
    setBusy(true);
    setError(null);
    const result = await stripe.confirmPayment({
      elements,
      redirect: 'if_required',
      // Cards that need a redirect (some 3-D Secure flows) come back to the donor's contributions.
      confirmParams: { return_url: `${window.location.origin}/donor` },
    });
    if (result.error) {
      // Stripe's messages come in the locale given to Elements.
      setError(result.error.message ?? t('donor.card.declined'));
      setBusy(false);
      return;
    }
    onSent();
  }

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate>
      <Stack>
        <PaymentElement options={{ layout: 'tabs' }} />
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Button type="submit" loading={busy} disabled={!stripe || !elements}>
          {busy ? t('donor.card.paying') : t('donor.card.pay', { amount: amountText })}
        </Button>
      </Stack>
    </form>
  );
}
