import { Alert, Anchor, Badge, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { graphql } from '../../gql';
import { QueryState } from '../../app/QueryState';
import { formatDate, formatMoney } from '../../app/format';
import { useMyOrganization, useSession } from '../../app/session';
import { usePageTitle } from '../../app/usePageTitle';

const NgoHomeDocument = graphql(`
  query NgoHome {
    applications(first: 100) {
      edges {
        node {
          id
          projectTitle
          status
          submittedAt
          requestedAmount {
            amount
            currency
          }
          call {
            id
            title
          }
          award {
            id
          }
        }
      }
    }
    awards(first: 100) {
      edges {
        node {
          id
          status
          amount {
            amount
            currency
          }
          paid {
            amount
            currency
          }
          application {
            id
            projectTitle
          }
        }
      }
    }
    openCalls(first: 20) {
      edges {
        node {
          id
          title
          closesAt
        }
      }
    }
  }
`);

export default function NgoHome() {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  usePageTitle(t('ngo.title'));
  const { me } = useSession();
  const org = useMyOrganization('NGO');
  const { data, loading, error, refetch } = useQuery(NgoHomeDocument);
  const applied = new Set(data?.applications.edges.map((e) => e.node.call.id));

  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{t('ngo.title')}</Title>
        {org && (
          <Group gap="xs" mt="xs">
            <Text fw={500}>{org.legalName}</Text>
            <Badge color={org.vettingStatus === 'VERIFIED' ? 'teal.9' : 'gray.8'}>
              {t(`vetting.${org.vettingStatus}`)}
            </Badge>
          </Group>
        )}
        {me && !org && <Alert color="yellow">{t('ngo.noOrganization')}</Alert>}
      </div>
      <QueryState loading={loading} error={error} hasData={!!data} onRetry={() => void refetch()}>
        <section aria-labelledby="my-applications">
          <Title order={2} id="my-applications" mb="sm">
            {t('ngo.applications')}
          </Title>
          {data?.applications.edges.length === 0 ? (
            <Text>{t('ngo.noApplications')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={500}>
              <Table striped withTableBorder>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('application.projectTitle')}</Table.Th>
                    <Table.Th scope="col">{t('application.call')}</Table.Th>
                    <Table.Th scope="col">{t('application.requestedAmount')}</Table.Th>
                    <Table.Th scope="col">{t('application.statusLabel')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data?.applications.edges.map(({ node: a }) => (
                    <Table.Tr key={a.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/ngo/applications/${encodeURIComponent(a.id)}`}>
                          {a.projectTitle}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{a.call.title}</Table.Td>
                      <Table.Td>{formatMoney(a.requestedAmount, lang)}</Table.Td>
                      <Table.Td>
                        <Badge color="blue.9">{t(`application.status.${a.status}`)}</Badge>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </section>
        <section aria-labelledby="my-awards">
          <Title order={2} id="my-awards" mb="sm">
            {t('ngo.awards')}
          </Title>
          {data?.awards.edges.length === 0 ? (
            <Text>{t('ngo.noAwards')}</Text>
          ) : (
            <Stack>
              {data?.awards.edges.map(({ node: w }) => (
                <Card key={w.id} withBorder>
                  <Anchor component={Link} to={`/ngo/awards/${encodeURIComponent(w.id)}`} fw={500}>
                    {w.application.projectTitle}
                  </Anchor>
                  <Text size="sm">
                    {t('award.summary', { amount: formatMoney(w.amount, lang), paid: formatMoney(w.paid, lang) })}
                  </Text>
                </Card>
              ))}
            </Stack>
          )}
        </section>
        <section aria-labelledby="open-calls-ngo">
          <Title order={2} id="open-calls-ngo" mb="sm">
            {t('fund.openCalls')}
          </Title>
          {data?.openCalls.edges.length === 0 && <Text>{t('fund.noOpenCalls')}</Text>}
          <Stack gap="xs">
            {data?.openCalls.edges
              .filter(({ node: c }) => !applied.has(c.id))
              .map(({ node: c }) => (
                <Group key={c.id} justify="space-between">
                  <Anchor component={Link} to={`/calls/${encodeURIComponent(c.id)}`}>
                    {c.title}
                  </Anchor>
                  <Text size="sm">{t('call.deadline', { date: formatDate(c.closesAt, lang, true) })}</Text>
                </Group>
              ))}
          </Stack>
        </section>
      </QueryState>
    </Stack>
  );
}
