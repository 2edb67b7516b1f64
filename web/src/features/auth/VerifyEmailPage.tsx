import { Alert, Anchor, Loader, Stack, Text, Title } from '@mantine/core';
import { useApolloClient, useMutation } from '@apollo/client/react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { graphql } from '../../gql';
import { failureKind } from '../../app/apollo';
import { MeDocument, useSession } from '../../app/session';
import { usePageTitle } from '../../app/usePageTitle';
import { tokenOfHash } from './reset-token';

const VerifyEmailDocument = graphql(`
  mutation PortalVerifyEmail($input: VerifyEmailInput!) {
    verifyEmail(input: $input) {
      accepted
      errors {
        code
        ...UserErrorFields
      }
    }
  }
`);

type State = 'checking' | 'done' | 'invalid' | 'noToken' | 'failed';

/** Opens the verification link `/verify-email#token=…` once, and says what came of it. */
export default function VerifyEmailPage() {
  const { t } = useTranslation();
  usePageTitle(t('verifyEmail.title'));
  const { hash } = useLocation();
  const token = tokenOfHash(hash);
  const { loggedIn } = useSession();
  const client = useApolloClient();
  const [state, setState] = useState<State>(token ? 'checking' : 'noToken');
  const [failure, setFailure] = useState('');
  const [verify] = useMutation(VerifyEmailDocument);
  // The link works once: React's development double effects must not spend it twice.
  const sent = useRef(false);

  useEffect(() => {
    if (!token || sent.current) return;
    sent.current = true;
    verify({ variables: { input: { token } } })
      .then(async ({ data }) => {
        if (data?.verifyEmail.accepted) {
          setState('done');
          // A signed-in reader's `me` now says verified (the banner goes); refetches only what is on screen.
          await client.refetchQueries({ include: [MeDocument] });
        } else setState('invalid');
      })
      .catch((err: unknown) => {
        setFailure(t(`failure.${failureKind(err)}.body`));
        setState('failed');
      });
  }, [token]);

  return (
    <Stack maw={480} mx="auto">
      <Title order={1}>{t('verifyEmail.title')}</Title>
      {state === 'checking' && (
        <Stack align="center" role="status">
          <Loader aria-hidden />
          <Text>{t('verifyEmail.checking')}</Text>
        </Stack>
      )}
      {state === 'done' && (
        <Alert color="green" role="status">
          <Stack gap="xs">
            <Text>{t('verifyEmail.done')}</Text>
            <Anchor component={Link} to={loggedIn ? '/' : '/login'}>
              {loggedIn ? t('verifyEmail.continue') : t('verifyEmail.login')}
            </Anchor>
          </Stack>
        </Alert>
      )}
      {(state === 'invalid' || state === 'noToken') && (
        <Alert color="yellow" role="alert">
          <Stack gap="xs">
            <Text>{state === 'invalid' ? t('errors.LINK_INVALID') : t('verifyEmail.noToken')}</Text>
            <Text>{loggedIn ? t('verifyEmail.askAgainBanner') : t('verifyEmail.askAgainLogin')}</Text>
            {!loggedIn && (
              <Anchor component={Link} to="/login">
                {t('verifyEmail.login')}
              </Anchor>
            )}
          </Stack>
        </Alert>
      )}
      {state === 'failed' && (
        <Alert color="red" role="alert">
          {failure}
        </Alert>
      )}
    </Stack>
  );
}
