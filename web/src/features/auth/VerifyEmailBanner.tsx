import { Alert, Button, Group, Text } from '@mantine/core';
import { useMutation } from '@apollo/client/react';
import { CombinedGraphQLErrors, ServerError } from '@apollo/client';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import { failureKind } from '../../app/apollo';

const ResendVerificationDocument = graphql(`
  mutation PortalResendVerification {
    resendVerification {
      accepted
      errors {
        code
        ...UserErrorFields
      }
    }
  }
`);

function rateLimited(err: unknown): boolean {
  if (CombinedGraphQLErrors.is(err)) return err.errors.some((e) => e.extensions?.code === 'RATE_LIMITED');
  return ServerError.is(err) && err.statusCode === 429;
}

/** For a signed-in user whose address is not confirmed yet: what it cannot do, and a new link. */
export function VerifyEmailBanner({ email }: { email: string }) {
  const { t } = useTranslation();
  const [resend, { loading }] = useMutation(ResendVerificationDocument);
  const [status, setStatus] = useState<string | null>(null);

  async function onResend() {
    setStatus(null);
    try {
      const { data } = await resend();
      setStatus(data?.resendVerification.accepted ? t('verifyBanner.sent', { email }) : t('failure.unexpected.body'));
    } catch (err) {
      setStatus(rateLimited(err) ? t('verifyBanner.wait') : t(`failure.${failureKind(err)}.body`));
    }
  }

  return (
    <Alert color="yellow" mb="md">
      {/* A plain heading: Mantine's yellow alert title does not reach WCAG AA contrast. */}
      <Text fw={700}>{t('verifyBanner.title')}</Text>
      <Text size="sm">{t('verifyBanner.text', { email })}</Text>
      <Group mt="xs" gap="sm">
        <Button size="xs" variant="default" loading={loading} onClick={() => void onResend()}>
          {t('verifyBanner.resend')}
        </Button>
        <Text size="sm" role="status">
          {status ?? ''}
        </Text>
      </Group>
    </Alert>
  );
}
