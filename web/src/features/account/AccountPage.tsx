import { Alert, Button, Paper, PasswordInput, Select, Stack, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import type { Language } from '../../gql/graphql';
import { errorsByField } from '../../app/errors';
import { QueryState } from '../../app/QueryState';
import { usePageTitle } from '../../app/usePageTitle';
import { AccountNav } from './AccountNav';

const ProfileDocument = graphql(`
  query AccountProfile {
    me {
      id
      email
      displayName
      preferredLanguage
      timeZone
    }
  }
`);

const UpdateProfileDocument = graphql(`
  mutation AccountUpdateProfile($input: UpdateProfileInput!) {
    updateProfile(input: $input) {
      user {
        id
        displayName
        preferredLanguage
        timeZone
      }
      errors {
        code
        ...UserErrorFields
      }
    }
  }
`);

const ChangePasswordDocument = graphql(`
  mutation AccountChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input) {
      user {
        id
      }
      errors {
        code
        ...UserErrorFields
      }
    }
  }
`);

const LANGUAGES: Language[] = ['EN' as Language, 'FR' as Language, 'ES' as Language];

/** Time zones the browser knows (the API checks the name again). */
function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? ['UTC'];
}

function ProfileForm({ me }: { me: { displayName: string; preferredLanguage: Language; timeZone: string } }) {
  const { t } = useTranslation();
  const [displayName, setDisplayName] = useState(me.displayName);
  const [language, setLanguage] = useState<Language>(me.preferredLanguage);
  const [timeZone, setTimeZone] = useState(me.timeZone);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const [update, { loading }] = useMutation(UpdateProfileDocument);
  useEffect(() => setSaved(false), [displayName, language, timeZone]);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setErrors({});
    if (displayName.trim() === '') {
      setErrors({ displayName: t('account.profile.nameRequired') });
      return;
    }
    const { data } = await update({
      variables: { input: { displayName: displayName.trim(), preferredLanguage: language, timeZone } },
    });
    const errs = data?.updateProfile.errors ?? [];
    if (errs.length > 0) setErrors(errorsByField(errs, t, ['displayName', 'preferredLanguage', 'timeZone']));
    else setSaved(true);
  }

  return (
    <Paper withBorder p="md" component="form" onSubmit={onSubmit} noValidate aria-labelledby="profile-title">
      <Stack>
        <Title order={2} id="profile-title" size="h3">
          {t('account.profile.title')}
        </Title>
        {saved && (
          <Alert color="green" role="status">
            {t('account.profile.saved')}
          </Alert>
        )}
        {errors._form && (
          <Alert color="red" role="alert">
            {errors._form}
          </Alert>
        )}
        <TextInput
          label={t('account.profile.displayName')}
          required
          maxLength={200}
          value={displayName}
          onChange={(e) => setDisplayName(e.currentTarget.value)}
          error={errors.displayName}
        />
        <Select
          label={t('account.profile.language')}
          data={LANGUAGES.map((l) => ({ value: l, label: t(`account.profile.languages.${l}`) }))}
          value={language}
          onChange={(v) => v && setLanguage(v as Language)}
          allowDeselect={false}
          error={errors.preferredLanguage}
        />
        <Select
          label={t('account.profile.timeZone')}
          data={timeZones()}
          searchable
          value={timeZone}
          onChange={(v) => v && setTimeZone(v)}
          allowDeselect={false}
          error={errors.timeZone}
        />
        <Button type="submit" loading={loading} style={{ alignSelf: 'flex-start' }}>
          {t('account.profile.save')}
        </Button>
      </Stack>
    </Paper>
  );
}

function PasswordForm() {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);
  const [change, { loading }] = useMutation(ChangePasswordDocument);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setErrors({});
    setDone(false);
    if (next.length < 10) {
      setErrors({ newPassword: t('errors.WEAK_PASSWORD') });
      return;
    }
    const { data } = await change({ variables: { input: { currentPassword: current, newPassword: next } } });
    const errs = data?.changePassword.errors ?? [];
    if (errs.length > 0) {
      setErrors(errorsByField(errs, t, ['currentPassword', 'newPassword']));
      return;
    }
    setCurrent('');
    setNext('');
    setDone(true);
  }

  return (
    <Paper withBorder p="md" component="form" onSubmit={onSubmit} noValidate aria-labelledby="password-title">
      <Stack>
        <Title order={2} id="password-title" size="h3">
          {t('account.password.title')}
        </Title>
        {done && (
          <Alert color="green" role="status">
            {t('account.password.changed')}
          </Alert>
        )}
        {errors._form && (
          <Alert color="red" role="alert">
            {errors._form}
          </Alert>
        )}
        <PasswordInput
          visibilityToggleButtonProps={{ 'aria-label': t('form.togglePassword') }}
          label={t('account.password.current')}
          autoComplete="current-password"
          required
          value={current}
          onChange={(e) => setCurrent(e.currentTarget.value)}
          error={errors.currentPassword}
        />
        <PasswordInput
          visibilityToggleButtonProps={{ 'aria-label': t('form.togglePassword') }}
          label={t('account.password.new')}
          description={t('account.password.hint')}
          autoComplete="new-password"
          required
          value={next}
          onChange={(e) => setNext(e.currentTarget.value)}
          error={errors.newPassword}
        />
        <Button type="submit" loading={loading} style={{ alignSelf: 'flex-start' }}>
          {t('account.password.submit')}
        </Button>
      </Stack>
    </Paper>
  );
}

export default function AccountPage() {
  const { t } = useTranslation();
  usePageTitle(t('account.nav.profile'));
  const q = useQuery(ProfileDocument, { fetchPolicy: 'network-only' });
  const me = q.data?.me;
  return (
    <Stack maw={640}>
      <AccountNav />
      <QueryState loading={q.loading} error={q.error} hasData={!!me} onRetry={() => void q.refetch()}>
        {me && (
          <>
            <ProfileForm me={me} />
            <PasswordForm />
          </>
        )}
      </QueryState>
    </Stack>
  );
}
