import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import { QueryState } from '../../app/QueryState';
import { UnreadCountDocument } from '../../app/Layout';
import { usePageTitle } from '../../app/usePageTitle';

const NotificationsDocument = graphql(`
  query Notifications {
    notifications(first: 100) {
      totalCount
      edges {
        node {
          id
          kind
          subject
          body
          readAt
        }
      }
    }
  }
`);

const MarkReadDocument = graphql(`
  mutation MarkNotificationRead($input: MarkNotificationReadInput!) {
    markNotificationRead(input: $input) {
      notification {
        id
        readAt
      }
      errors {
        code
        ...UserErrorFields
      }
    }
  }
`);

export default function NotificationsPage() {
  const { t } = useTranslation();
  usePageTitle(t('notifications.title'));
  const { data, loading, error, refetch } = useQuery(NotificationsDocument);
  const [markRead, marking] = useMutation(MarkReadDocument, { refetchQueries: [UnreadCountDocument] });
  // Newest first.
  const items = [...(data?.notifications.edges ?? [])].reverse();
  return (
    <Stack>
      <Title order={1}>{t('notifications.title')}</Title>
      <QueryState loading={loading} error={error} hasData={!!data} onRetry={() => void refetch()}>
        {items.length === 0 && <Text>{t('notifications.none')}</Text>}
        {items.map(({ node: n }) => (
          <Card key={n.id} withBorder bg={n.readAt ? undefined : 'blue.0'}>
            <Group justify="space-between" align="flex-start" wrap="nowrap">
              <div>
                <Text fw={n.readAt ? 400 : 700}>
                  {n.readAt ? '' : `${t('notifications.unread')}: `}
                  {n.subject}
                </Text>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {n.body}
                </Text>
              </div>
              {!n.readAt && (
                <Button
                  size="xs"
                  variant="default"
                  loading={marking.loading}
                  onClick={() => void markRead({ variables: { input: { notificationId: n.id } } })}
                >
                  {t('notifications.markRead')}
                </Button>
              )}
            </Group>
          </Card>
        ))}
      </QueryState>
    </Stack>
  );
}
