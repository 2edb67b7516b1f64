import {
  Alert,
  Button,
  Paper,
  PasswordInput,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation } from '@apollo/client/react';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { graphql } from '../../gql';
import type { Language, OrganizationKind } from '../../gql/graphql';
import { failureKind } from '../../app/apollo';
import { countryOptions } from '../../app/countries';
import { errorsByField } from '../../app/errors';
import { sessionStore } from '../../app/session-store';
import { usePageTitle } from '../../app/usePageTitle';

const RegisterDocument = graphql(`
  mutation RegisterOrganization($input: RegisterOrganizationInput!) {
    registerOrganization(input: $input) {
      accepted
      errors {
        code
        ...UserErrorFields
      }
    }
  }
`);

// Registration does not sign in (its answer must not tell whether the address was known): log in next.
const SignInDocument = graphql(`
  mutation RegisterSignIn($input: LoginInput!) {
    login(input: $input) {
      token
      expiresAt
    }
  }
`);

const FIELDS = ['legalName', 'country', 'registrationNumber', 'displayName', 'email', 'password'] as const;
type Field = (typeof FIELDS)[number];

/** Registration of an organisation and its first user; from a call's "apply", an NGO that then starts its application. */
export default function RegisterPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const callId = useParams().id;
  usePageTitle(t('register.title'));
  const navigate = useNavigate();
  const [kind, setKind] = useState<OrganizationKind>('NGO');
  const [values, setValues] = useState<Record<Field, string>>({
    legalName: '',
    country: '',
    registrationNumber: '',
    displayName: '',
    email: '',
    password: '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [register, { loading: registering }] = useMutation(RegisterDocument);
  const [signIn, { loading: signingIn }] = useMutation(SignInDocument);
  const loading = registering || signingIn;
  const countries = useMemo(() => countryOptions(lang), [lang]);
  const set = (f: Field) => (value: string) => setValues((v) => ({ ...v, [f]: value }));

  function validate(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const f of ['legalName', 'country', 'displayName', 'email', 'password'] as const) {
      if (!values[f].trim()) out[f] = t('form.required');
    }
    if (values.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email)) out.email = t('form.invalidEmail');
    if (values.password && values.password.length < 10) out.password = t('register.passwordHint');
    return out;
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const local = validate();
    setErrors(local);
    if (Object.keys(local).length) return;
    try {
      const { data } = await register({
        variables: {
          input: {
            kind: callId ? 'NGO' : kind,
            legalName: values.legalName.trim(),
            country: values.country,
            registrationNumber: values.registrationNumber.trim() || null,
            displayName: values.displayName.trim(),
            email: values.email.trim(),
            password: values.password,
            // The confirmation e-mail, and later ones, in the language the form is in.
            preferredLanguage: (i18n.resolvedLanguage ?? 'en').toUpperCase() as Language,
          },
        },
      });
      const payload = data?.registerOrganization;
      if (!payload?.accepted) {
        setErrors(errorsByField(payload?.errors ?? [], t, FIELDS));
        return;
      }
      const session = (
        await signIn({
          variables: { input: { email: values.email.trim(), password: values.password, refreshTokenCookie: true } },
        })
      ).data?.login;
      if (!session?.token) {
        // The address already had an account (its owner has been told by e-mail).
        setErrors({ _form: t('register.alreadyRegistered') });
        return;
      }
      sessionStore.login({ token: session.token, expiresAt: session.expiresAt ?? null });
      await navigate(callId ? `/ngo/calls/${encodeURIComponent(callId)}/apply` : kind === 'NGO' ? '/ngo' : '/donor', {
        replace: true,
      });
    } catch (err) {
      setErrors({ _form: t(`failure.${failureKind(err)}.body`) });
    }
  }

  return (
    <Stack maw={560} mx="auto">
      <Title order={1}>{t('register.title')}</Title>
      <Text>{callId ? t('register.introApply') : t('register.intro')}</Text>
      <Paper withBorder p="md" component="form" onSubmit={onSubmit} noValidate>
        <Stack>
          {errors._form && (
            <Alert color="red" role="alert">
              {errors._form}
            </Alert>
          )}
          {!callId && (
            <Stack gap={4}>
              <Text size="sm" fw={500} id="kind-label">
                {t('register.kind')}
              </Text>
              <SegmentedControl
                aria-labelledby="kind-label"
                value={kind}
                onChange={(v) => setKind(v as OrganizationKind)}
                data={[
                  { value: 'NGO', label: t('register.kindNgo') },
                  { value: 'DONOR', label: t('register.kindDonor') },
                ]}
              />
            </Stack>
          )}
          <Title order={2} size="h4">
            {t('register.organization')}
          </Title>
          <TextInput
            label={t('register.legalName')}
            required
            value={values.legalName}
            onChange={(e) => set('legalName')(e.currentTarget.value)}
            error={errors.legalName}
          />
          <Select
            label={t('register.country')}
            required
            searchable
            data={countries}
            value={values.country || null}
            onChange={(v) => set('country')(v ?? '')}
            error={errors.country}
            nothingFoundMessage={t('form.nothingFound')}
          />
          <TextInput
            label={t('register.registrationNumber')}
            value={values.registrationNumber}
            onChange={(e) => set('registrationNumber')(e.currentTarget.value)}
            error={errors.registrationNumber}
          />
          <Title order={2} size="h4">
            {t('register.firstUser')}
          </Title>
          <TextInput
            label={t('register.displayName')}
            required
            autoComplete="name"
            value={values.displayName}
            onChange={(e) => set('displayName')(e.currentTarget.value)}
            error={errors.displayName}
          />
          <TextInput
            label={t('register.email')}
            type="email"
            required
            autoComplete="email"
            value={values.email}
            onChange={(e) => set('email')(e.currentTarget.value)}
            error={errors.email}
          />
          <PasswordInput
            visibilityToggleButtonProps={{ 'aria-label': t('form.togglePassword') }}
            label={t('register.password')}
            description={t('register.passwordHint')}
            required
            autoComplete="new-password"
            value={values.password}
            onChange={(e) => set('password')(e.currentTarget.value)}
            error={errors.password}
          />
          <Button type="submit" loading={loading}>
            {t('register.submit')}
          </Button>
        </Stack>
      </Paper>
    </Stack>
  );
}
