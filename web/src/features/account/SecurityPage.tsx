import { Alert, Button, Code, Image, List, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import { errorsByField } from '../../app/errors';
import { QueryState } from '../../app/QueryState';
import { usePageTitle } from '../../app/usePageTitle';
import { AccountNav } from './AccountNav';

const TwoFactorDocument = graphql(`
  query AccountTwoFactor {
    myTwoFactor {
      totpEnabled
      recoveryCodesLeft
      stepUpValidUntil
    }
  }
`);

const StartTotpDocument = graphql(`
  mutation AccountStartTotp {
    startTotpEnrolment {
      enrolment {
        secret
        otpauthUri
        qrCodeDataUrl
      }
      errors {
        code
        ...UserErrorFields
      }
    }
  }
`);

const ConfirmTotpDocument = graphql(`
  mutation AccountConfirmTotp($input: SecondFactorCodeInput!) {
    confirmTotpEnrolment(input: $input) {
      recoveryCodes
      errors {
        code
        ...UserErrorFields
      }
    }
  }
`);

const RegenerateCodesDocument = graphql(`
  mutation AccountRegenerateCodes($input: SecondFactorCodeInput!) {
    regenerateRecoveryCodes(input: $input) {
      recoveryCodes
      errors {
        code
        ...UserErrorFields
      }
    }
  }
`);

const DisableTotpDocument = graphql(`
  mutation AccountDisableTotp($input: DisableTotpInput!) {
    disableTotp(input: $input) {
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

/** Recovery codes, shown once: each works once when the phone is not at hand. */
function RecoveryCodes({ codes }: { codes: string[] }) {
  const { t } = useTranslation();
  return (
    <Alert color="blue" title={t('account.security.codesTitle')} role="status">
      <Stack gap="xs">
        <Text size="sm">{t('account.security.codesBody')}</Text>
        <List aria-label={t('account.security.codesTitle')} spacing={2}>
          {codes.map((c) => (
            <List.Item key={c}>
              <Code>{c}</Code>
            </List.Item>
          ))}
        </List>
      </Stack>
    </Alert>
  );
}

function Enrol({ onDone }: { onDone: (codes: string[]) => void }) {
  const { t } = useTranslation();
  const [start, starting] = useMutation(StartTotpDocument);
  const [confirm, confirming] = useMutation(ConfirmTotpDocument);
  const [enrolment, setEnrolment] = useState<{ secret: string; qrCodeDataUrl: string } | null>(null);
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});

  async function onStart() {
    setErrors({});
    const { data } = await start();
    const errs = data?.startTotpEnrolment.errors ?? [];
    if (errs.length > 0) setErrors(errorsByField(errs, t, []));
    else setEnrolment(data?.startTotpEnrolment.enrolment ?? null);
  }

  async function onConfirm(e: FormEvent) {
    e.preventDefault();
    setErrors({});
    if (!/^\d{6}$/.test(code.trim())) {
      setErrors({ code: t('account.security.codeFormat') });
      return;
    }
    const { data } = await confirm({ variables: { input: { code: code.trim() } } });
    const errs = data?.confirmTotpEnrolment.errors ?? [];
    if (errs.length > 0 || !data?.confirmTotpEnrolment.recoveryCodes) {
      setErrors(errorsByField(errs, t, ['code']));
      return;
    }
    onDone(data.confirmTotpEnrolment.recoveryCodes);
  }

  if (!enrolment) {
    return (
      <Stack>
        <Text size="sm">{t('account.security.offBody')}</Text>
        {errors._form && (
          <Alert color="red" role="alert">
            {errors._form}
          </Alert>
        )}
        <Button onClick={() => void onStart()} loading={starting.loading} style={{ alignSelf: 'flex-start' }}>
          {t('account.security.setUp')}
        </Button>
      </Stack>
    );
  }
  return (
    <Stack component="form" onSubmit={onConfirm}>
      <Text size="sm">{t('account.security.scan')}</Text>
      <Image src={enrolment.qrCodeDataUrl} alt={t('account.security.qrAlt')} w={200} h={200} />
      <Text size="sm">
        {t('account.security.secretLabel')} <Code data-testid="totp-secret">{enrolment.secret}</Code>
      </Text>
      <TextInput
        label={t('account.security.code')}
        autoComplete="one-time-code"
        inputMode="numeric"
        required
        value={code}
        onChange={(e) => setCode(e.currentTarget.value)}
        error={errors.code ?? errors._form}
      />
      <Button type="submit" loading={confirming.loading} style={{ alignSelf: 'flex-start' }}>
        {t('account.security.confirm')}
      </Button>
    </Stack>
  );
}

function Manage({
  codesLeft,
  onCodes,
  onOff,
}: {
  codesLeft: number;
  onCodes: (c: string[]) => void;
  onOff: () => void;
}) {
  const { t } = useTranslation();
  const [regenerate, regenerating] = useMutation(RegenerateCodesDocument);
  const [disable, disabling] = useMutation(DisableTotpDocument);
  const [rcCode, setRcCode] = useState('');
  const [password, setPassword] = useState('');
  const [offCode, setOffCode] = useState('');
  const [rcErrors, setRcErrors] = useState<Record<string, string>>({});
  const [offErrors, setOffErrors] = useState<Record<string, string>>({});

  async function onRegenerate(e: FormEvent) {
    e.preventDefault();
    setRcErrors({});
    const { data } = await regenerate({ variables: { input: { code: rcCode.trim() } } });
    const errs = data?.regenerateRecoveryCodes.errors ?? [];
    if (errs.length > 0 || !data?.regenerateRecoveryCodes.recoveryCodes) {
      setRcErrors(errorsByField(errs, t, ['code']));
      return;
    }
    setRcCode('');
    onCodes(data.regenerateRecoveryCodes.recoveryCodes);
  }

  async function onDisable(e: FormEvent) {
    e.preventDefault();
    setOffErrors({});
    const { data } = await disable({ variables: { input: { password, code: offCode.trim() } } });
    const errs = data?.disableTotp.errors ?? [];
    if (errs.length > 0) {
      setOffErrors(errorsByField(errs, t, ['password', 'code']));
      return;
    }
    onOff();
  }

  return (
    <Stack>
      <Alert color="green" role="status">
        {t('account.security.on', { count: codesLeft })}
      </Alert>
      <Stack component="form" onSubmit={onRegenerate} aria-labelledby="codes-title">
        <Title order={3} size="h4" id="codes-title">
          {t('account.security.newCodes')}
        </Title>
        <TextInput
          label={t('account.security.currentCode')}
          autoComplete="one-time-code"
          required
          value={rcCode}
          onChange={(e) => setRcCode(e.currentTarget.value)}
          error={rcErrors.code ?? rcErrors._form}
        />
        <Button type="submit" variant="default" loading={regenerating.loading} style={{ alignSelf: 'flex-start' }}>
          {t('account.security.newCodesSubmit')}
        </Button>
      </Stack>
      <Stack component="form" onSubmit={onDisable} aria-labelledby="off-title">
        <Title order={3} size="h4" id="off-title">
          {t('account.security.turnOff')}
        </Title>
        <PasswordInput
          visibilityToggleButtonProps={{ 'aria-label': t('form.togglePassword') }}
          label={t('account.security.password')}
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={offErrors.password}
        />
        <TextInput
          label={t('account.security.currentCode')}
          autoComplete="one-time-code"
          required
          value={offCode}
          onChange={(e) => setOffCode(e.currentTarget.value)}
          error={offErrors.code ?? offErrors._form}
        />
        <Button
          type="submit"
          color="red"
          variant="light"
          loading={disabling.loading}
          style={{ alignSelf: 'flex-start' }}
        >
          {t('account.security.turnOffSubmit')}
        </Button>
      </Stack>
    </Stack>
  );
}

/** Two-factor: an authenticator app with recovery codes. */
export default function SecurityPage() {
  const { t } = useTranslation();
  usePageTitle(t('account.nav.security'));
  const q = useQuery(TwoFactorDocument, { fetchPolicy: 'network-only' });
  const [codes, setCodes] = useState<string[] | null>(null);
  const status = q.data?.myTwoFactor;
  return (
    <Stack maw={640}>
      <AccountNav />
      <Paper withBorder p="md">
        <Stack>
          <Title order={2} size="h3">
            {t('account.security.title')}
          </Title>
          {codes && <RecoveryCodes codes={codes} />}
          <QueryState loading={q.loading} error={q.error} hasData={!!status} onRetry={() => void q.refetch()}>
            {status &&
              (status.totpEnabled ? (
                <Manage
                  codesLeft={status.recoveryCodesLeft}
                  onCodes={(c) => {
                    setCodes(c);
                    void q.refetch();
                  }}
                  onOff={() => {
                    setCodes(null);
                    void q.refetch();
                  }}
                />
              ) : (
                <Enrol
                  onDone={(c) => {
                    setCodes(c);
                    void q.refetch();
                  }}
                />
              ))}
          </QueryState>
        </Stack>
      </Paper>
    </Stack>
  );
}
