import { Alert, Anchor, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@apollo/client/react';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { graphql } from '../../gql';
import { errorsByField } from '../../app/errors';
import { stepUpStore, type StepUpRequest } from '../../app/step-up';

const VerifySecondFactorDocument = graphql(`
  mutation VerifySecondFactor($input: SecondFactorCodeInput!) {
    verifySecondFactor(input: $input) {
      validUntil
      errors {
        code
        ...UserErrorFields
      }
    }
  }
`);

/**
 * Asked when an action answered STEP_UP_REQUIRED (src/app/apollo.ts): a code from the authenticator
 * app (or a recovery code) proves the second factor in this session, and the action goes on.
 */
export function StepUpPrompt() {
  const { t } = useTranslation();
  const [request, setRequest] = useState<StepUpRequest | null>(() => stepUpStore.current());
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [verify, { loading }] = useMutation(VerifySecondFactorDocument);
  useEffect(() => stepUpStore.subscribe(setRequest), []);
  useEffect(() => {
    setCode('');
    setError(null);
  }, [request]);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const { data } = await verify({ variables: { input: { code: code.trim() } } });
    const errors = data?.verifySecondFactor.errors ?? [];
    if (errors.length > 0 || !data?.verifySecondFactor.validUntil) {
      setError(errorsByField(errors, t, ['code']).code ?? t('stepUp.failed'));
      return;
    }
    stepUpStore.settle(true);
  }

  return (
    <Modal
      opened={request !== null}
      onClose={() => stepUpStore.settle(false)}
      title={t('stepUp.title')}
      closeButtonProps={{ 'aria-label': t('stepUp.cancel') }}
      centered
    >
      {request?.enrolled ? (
        <form onSubmit={onSubmit} noValidate>
          <Stack>
            <Text size="sm">{t('stepUp.body')}</Text>
            <TextInput
              label={t('stepUp.code')}
              description={t('stepUp.codeHint')}
              autoComplete="one-time-code"
              inputMode="text"
              data-autofocus
              required
              value={code}
              onChange={(e) => setCode(e.currentTarget.value)}
              error={error}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => stepUpStore.settle(false)}>
                {t('stepUp.cancel')}
              </Button>
              <Button type="submit" loading={loading}>
                {t('stepUp.confirm')}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : (
        <Stack>
          <Alert color="yellow" role="status">
            {t('stepUp.enrolFirst')}
          </Alert>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => stepUpStore.settle(false)}>
              {t('stepUp.cancel')}
            </Button>
            <Anchor component={Link} to="/account/security" onClick={() => stepUpStore.settle(false)}>
              {t('stepUp.setUp')}
            </Anchor>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
