import { Alert, Badge, Button, Group, Paper, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { graphql } from '../../gql';
import { errorsByField } from '../../app/errors';
import { formatDate } from '../../app/format';
import { QueryState } from '../../app/QueryState';
import { sessionStore } from '../../app/session-store';
import { usePageTitle } from '../../app/usePageTitle';
import { AccountNav } from './AccountNav';

const MySessionsDocument = graphql(`
  query AccountSessions {
    mySessions(first: 100) {
      edges {
        node {
          id
          userAgent
          lastUsedAt
          current
        }
      }
    }
  }
`);

const RevokeSessionDocument = graphql(`
  mutation AccountRevokeSession($input: RevokeSessionInput!) {
    revokeSession(input: $input) {
      session {
        id
        revokedAt
      }
      errors {
        code
        ...UserErrorFields
      }
    }
  }
`);

const LogoutEverywhereDocument = graphql(`
  mutation AccountLogoutEverywhere {
    logoutEverywhere {
      ended
      errors {
        code
        ...UserErrorFields
      }
    }
  }
`);

/** The devices signed in to the account; any of them can be signed out from here. */
export default function SessionsPage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t('account.nav.sessions'));
  const navigate = useNavigate();
  const q = useQuery(MySessionsDocument, { fetchPolicy: 'network-only' });
  const [revoke, revoking] = useMutation(RevokeSessionDocument);
  const [everywhere, ending] = useMutation(LogoutEverywhereDocument);
  const [error, setError] = useState<string | null>(null);
  const sessions = q.data?.mySessions.edges.map((e) => e.node) ?? [];

  async function onRevoke(id: string) {
    setError(null);
    const { data } = await revoke({ variables: { input: { sessionId: id } } });
    const errs = data?.revokeSession.errors ?? [];
    if (errs.length > 0) setError(errorsByField(errs, t, [])._form ?? null);
    await q.refetch();
  }

  async function onEverywhere() {
    await everywhere();
    sessionStore.logout();
    await navigate('/login', { replace: true });
  }

  return (
    <Stack maw={900}>
      <AccountNav />
      <Paper withBorder p="md">
        <Stack>
          <Title order={2} size="h3">
            {t('account.sessions.title')}
          </Title>
          <Text size="sm">{t('account.sessions.intro')}</Text>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <QueryState loading={q.loading} error={q.error} hasData={!!q.data} onRetry={() => void q.refetch()}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('account.sessions.device')}</Table.Th>
                  <Table.Th scope="col">{t('account.sessions.lastUsed')}</Table.Th>
                  <Table.Th scope="col">
                    <VisuallyHidden>{t('account.sessions.actions')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sessions.map((s) => (
                  <Table.Tr key={s.id}>
                    <Table.Td>
                      <Group gap="xs">
                        <Text size="sm">{s.userAgent ?? t('account.sessions.unknownDevice')}</Text>
                        {s.current && <Badge color="blue">{t('account.sessions.current')}</Badge>}
                      </Group>
                    </Table.Td>
                    <Table.Td>{formatDate(s.lastUsedAt, i18n.language, true)}</Table.Td>
                    <Table.Td>
                      {!s.current && (
                        <Button
                          size="xs"
                          variant="default"
                          loading={revoking.loading}
                          onClick={() => void onRevoke(s.id)}
                          aria-label={t('account.sessions.revokeOne', { device: s.userAgent ?? '' })}
                        >
                          {t('account.sessions.revoke')}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </QueryState>
          <Button
            color="red"
            variant="light"
            loading={ending.loading}
            onClick={() => void onEverywhere()}
            style={{ alignSelf: 'flex-start' }}
          >
            {t('account.sessions.everywhere')}
          </Button>
        </Stack>
      </Paper>
    </Stack>
  );
}
