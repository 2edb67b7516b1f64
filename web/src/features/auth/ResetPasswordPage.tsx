import { Alert, Anchor, Button, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { graphql } from '../../gql';
import { failureKind } from '../../app/apollo';
import { errorsByField } from '../../app/errors';
import { usePageTitle } from '../../app/usePageTitle';
import { tokenOfHash } from './reset-token';

const ResetPasswordDocument = graphql(`
  mutation PortalResetPassword($input: ResetPasswordInput!) {
    resetPassword(input: $input) {
      accepted
      errors {
        code
        ...UserErrorFields
      }
    }
  }
`);

/** Sets a new password with the reset link's token; on success the user logs in with it. */
export default function ResetPasswordPage() {
  const { t } = useTranslation();
  usePageTitle(t('resetPassword.title'));
  const { hash } = useLocation();
  const token = tokenOfHash(hash);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [done, setDone] = useState(false);
  const [linkInvalid, setLinkInvalid] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [reset, { loading }] = useMutation(ResetPasswordDocument);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setErrors({});
    setLinkInvalid(false);
    if (password !== confirm) {
      setErrors({ confirm: t('resetPassword.mismatch') });
      return;
    }
    try {
      const { data } = await reset({ variables: { input: { token, newPassword: password } } });
      const payload = data?.resetPassword;
      if (!payload?.accepted) {
        const list = payload?.errors ?? [];
        setLinkInvalid(list.some((x) => x.code === 'LINK_INVALID'));
        setErrors(errorsByField(list, t, ['newPassword']));
        return;
      }
      setDone(true);
    } catch (err) {
      setErrors({ _form: t(`failure.${failureKind(err)}.body`) });
    }
  }

  const askAgain = (
    <Anchor component={Link} to="/forgot-password">
      {t('resetPassword.askAgain')}
    </Anchor>
  );

  return (
    <Stack maw={420} mx="auto">
      <Title order={1}>{t('resetPassword.title')}</Title>
      {done ? (
        <Alert color="green" role="status">
          <Stack gap="xs">
            <Text>{t('resetPassword.done')}</Text>
            <Anchor component={Link} to="/login">
              {t('resetPassword.login')}
            </Anchor>
          </Stack>
        </Alert>
      ) : !token ? (
        <Alert color="yellow" role="alert">
          <Stack gap="xs">
            <Text>{t('resetPassword.noToken')}</Text>
            {askAgain}
          </Stack>
        </Alert>
      ) : (
        <Paper withBorder p="md" component="form" onSubmit={onSubmit} noValidate>
          <Stack>
            <Text>{t('resetPassword.intro')}</Text>
            {errors._form && (
              <Alert color="red" role="alert">
                <Stack gap="xs">
                  <Text>{errors._form}</Text>
                  {linkInvalid && askAgain}
                </Stack>
              </Alert>
            )}
            <PasswordInput
              visibilityToggleButtonProps={{ 'aria-label': t('form.togglePassword') }}
              label={t('resetPassword.newPassword')}
              autoComplete="new-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={errors.newPassword}
            />
            <PasswordInput
              visibilityToggleButtonProps={{ 'aria-label': t('form.togglePassword') }}
              label={t('resetPassword.confirm')}
              autoComplete="new-password"
              required
              value={confirm}
              onChange={(e) => setConfirm(e.currentTarget.value)}
              error={errors.confirm}
            />
            <Button type="submit" loading={loading}>
              {t('resetPassword.submit')}
            </Button>
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}
