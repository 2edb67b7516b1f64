import { Alert, Anchor, Button, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useApolloClient, useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { graphql } from '../../gql';
import { failureKind } from '../../app/apollo';
import { errorsByField } from '../../app/errors';
import { sessionStore } from '../../app/session-store';
import { MeDocument } from '../../app/session';
import { usePageTitle } from '../../app/usePageTitle';

const LoginDocument = graphql(`
  mutation PortalLogin($input: LoginInput!) {
    login(input: $input) {
      token
      expiresAt
      secondFactorRequired
      challengeToken
      errors {
        code
        ...UserErrorFields
      }
    }
  }
`);

const CompleteLoginDocument = graphql(`
  mutation PortalCompleteLogin($input: CompleteLoginInput!) {
    completeLogin(input: $input) {
      token
      expiresAt
      errors {
        code
        ...UserErrorFields
      }
    }
  }
`);

/** Only paths inside the portal are followed after a login (no open redirect). */
function safeNext(next: string | null): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : null;
}

export default function LoginPage() {
  const { t } = useTranslation();
  usePageTitle(t('login.title'));
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const client = useApolloClient();
  const [login, { loading }] = useMutation(LoginDocument);
  const [complete, completing] = useMutation(CompleteLoginDocument);
  // The password was right and the account has a second factor: the code comes next.
  const [challenge, setChallenge] = useState<string | null>(null);
  const [code, setCode] = useState('');

  async function signedIn(token: string, expiresAt: string | null) {
    sessionStore.login({ token, expiresAt });
    // The user's home follows what `me` says they are (read with the new token).
    const me = await client.query({ query: MeDocument, fetchPolicy: 'network-only' });
    const home = me.data?.me?.organizations.some((o) => o.kind === 'NGO') ? '/ngo' : '/';
    await navigate(safeNext(params.get('next')) ?? home, { replace: true });
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setErrors({});
    try {
      const { data } = await login({ variables: { input: { email, password, refreshTokenCookie: true } } });
      const payload = data?.login;
      if (payload?.secondFactorRequired && payload.challengeToken) {
        setChallenge(payload.challengeToken);
        return;
      }
      if (!payload?.token) {
        setErrors(errorsByField(payload?.errors ?? [], t, ['email', 'password']));
        return;
      }
      await signedIn(payload.token, payload.expiresAt ?? null);
    } catch (err) {
      setErrors({ _form: t(`failure.${failureKind(err)}.body`) });
    }
  }

  async function onCode(e: FormEvent) {
    e.preventDefault();
    if (!challenge) return;
    setErrors({});
    try {
      const { data } = await complete({
        variables: { input: { challengeToken: challenge, code: code.trim(), refreshTokenCookie: true } },
      });
      const payload = data?.completeLogin;
      if (!payload?.token) {
        const errs = payload?.errors ?? [];
        // A dead challenge (too late, too many wrong codes): back to the password.
        if (errs.some((x) => x.code === 'LOGIN_CHALLENGE_EXPIRED')) {
          setChallenge(null);
          setCode('');
          setPassword('');
        }
        setErrors(errorsByField(errs, t, ['code']));
        return;
      }
      await signedIn(payload.token, payload.expiresAt ?? null);
    } catch (err) {
      setErrors({ _form: t(`failure.${failureKind(err)}.body`) });
    }
  }

  if (challenge) {
    return (
      <Stack maw={420} mx="auto">
        <Title order={1}>{t('login.secondStep')}</Title>
        <Paper withBorder p="md" component="form" onSubmit={onCode} noValidate>
          <Stack>
            {errors._form && (
              <Alert color="red" role="alert">
                {errors._form}
              </Alert>
            )}
            <Text size="sm">{t('login.codeHint')}</Text>
            <TextInput
              label={t('login.code')}
              autoComplete="one-time-code"
              required
              data-autofocus
              value={code}
              onChange={(e) => setCode(e.currentTarget.value)}
              error={errors.code}
            />
            <Button type="submit" loading={completing.loading}>
              {t('login.verify')}
            </Button>
          </Stack>
        </Paper>
      </Stack>
    );
  }

  return (
    <Stack maw={420} mx="auto">
      <Title order={1}>{t('login.title')}</Title>
      {params.get('expired') && (
        <Alert color="yellow" role="status">
          {t('login.expired')}
        </Alert>
      )}
      <Paper withBorder p="md" component="form" onSubmit={onSubmit} noValidate>
        <Stack>
          {errors._form && (
            <Alert color="red" role="alert">
              {errors._form}
            </Alert>
          )}
          <TextInput
            label={t('login.email')}
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={errors.email}
          />
          <PasswordInput
            visibilityToggleButtonProps={{ 'aria-label': t('form.togglePassword') }}
            label={t('login.password')}
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={errors.password}
          />
          <Button type="submit" loading={loading}>
            {t('login.submit')}
          </Button>
          <Anchor component={Link} to="/forgot-password" size="sm">
            {t('login.forgot')}
          </Anchor>
        </Stack>
      </Paper>
      <Text size="sm">
        {t('login.noAccount')}{' '}
        <Anchor component={Link} to="/register">
          {t('login.register')}
        </Anchor>
      </Text>
    </Stack>
  );
}
