import { Alert, Anchor, Button, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { graphql } from '../../gql';
import { failureKind } from '../../app/apollo';
import { errorsByField } from '../../app/errors';
import { usePageTitle } from '../../app/usePageTitle';

const RequestPasswordResetDocument = graphql(`
  mutation PortalRequestPasswordReset($input: RequestPasswordResetInput!) {
    requestPasswordReset(input: $input) {
      accepted
      errors {
        code
        ...UserErrorFields
      }
    }
  }
`);

/**
 * Asks for a reset link by e-mail. The answer is the same whether or not the address has an
 * account (the API's is too), so the page never tells.
 */
export default function ForgotPasswordPage() {
  const { t } = useTranslation();
  usePageTitle(t('forgotPassword.title'));
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [request, { loading }] = useMutation(RequestPasswordResetDocument);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setErrors({});
    try {
      const { data } = await request({ variables: { input: { email } } });
      const payload = data?.requestPasswordReset;
      if (!payload?.accepted) {
        setErrors(errorsByField(payload?.errors ?? [], t, ['email']));
        return;
      }
      setSent(true);
    } catch (err) {
      setErrors({ _form: t(`failure.${failureKind(err)}.body`) });
    }
  }

  return (
    <Stack maw={420} mx="auto">
      <Title order={1}>{t('forgotPassword.title')}</Title>
      {sent ? (
        <Alert color="blue" role="status">
          {t('forgotPassword.sent')}
        </Alert>
      ) : (
        <Paper withBorder p="md" component="form" onSubmit={onSubmit} noValidate>
          <Stack>
            <Text>{t('forgotPassword.intro')}</Text>
            {errors._form && (
              <Alert color="red" role="alert">
                {errors._form}
              </Alert>
            )}
            <TextInput
              label={t('forgotPassword.email')}
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={errors.email}
            />
            <Button type="submit" loading={loading}>
              {t('forgotPassword.submit')}
            </Button>
          </Stack>
        </Paper>
      )}
      <Text size="sm">
        <Anchor component={Link} to="/login">
          {t('forgotPassword.back')}
        </Anchor>
      </Text>
    </Stack>
  );
}
