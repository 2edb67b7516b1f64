import { Alert, Badge, Button, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { graphql } from '../../gql';
import { QueryState } from '../../app/QueryState';
import { countryName, formatDate, formatMoney } from '../../app/format';
import { useMyOrganization } from '../../app/session';
import { usePageTitle } from '../../app/usePageTitle';

const CallPageDocument = graphql(`
  query CallPage($id: String!) {
    grantCall(id: $id) {
      id
      title
      description
      status
      themes
      eligibleCountries
      opensAt
      closesAt
      maxDurationMonths
      allowPendingVetting
      minAward {
        amount
        currency
      }
      maxAward {
        amount
        currency
      }
      envelope {
        amount
        currency
      }
      fund {
        id
        code
        name
      }
    }
  }
`);

export default function CallPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const id = useParams().id ?? '';
  const { data, loading, error, refetch } = useQuery(CallPageDocument, { variables: { id } });
  const call = data?.grantCall;
  usePageTitle(call?.title ?? t('call.title'));
  const ngo = useMyOrganization('NGO');
  const open = call?.status === 'OPEN';

  return (
    <QueryState loading={loading} error={error} hasData={!!data} onRetry={() => void refetch()}>
      {call ? (
        <Stack>
          <Text size="sm">
            <Link to={`/funds/${encodeURIComponent(call.fund.code)}`}>{call.fund.name}</Link>
          </Text>
          <Group>
            <Title order={1}>{call.title}</Title>
            <Badge color={open ? 'teal.9' : 'gray.8'}>{t(`call.status.${call.status}`)}</Badge>
          </Group>
          <Text style={{ whiteSpace: 'pre-wrap' }}>{call.description}</Text>
          <Table withTableBorder variant="vertical" layout="fixed">
            <Table.Tbody>
              <Table.Tr>
                <Table.Th w="40%">{t('call.opensAt')}</Table.Th>
                <Table.Td>{formatDate(call.opensAt, lang, true)}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('call.closesAt')}</Table.Th>
                <Table.Td>{formatDate(call.closesAt, lang, true)}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('call.awardRange')}</Table.Th>
                <Table.Td>
                  {formatMoney(call.minAward, lang)} – {formatMoney(call.maxAward, lang)}
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('call.duration')}</Table.Th>
                <Table.Td>{t('call.maxDuration', { count: call.maxDurationMonths })}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('call.envelope')}</Table.Th>
                <Table.Td>{formatMoney(call.envelope, lang)}</Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
          {call.themes.length > 0 && (
            <div>
              <Title order={2} size="h4">
                {t('call.themes')}
              </Title>
              <List>
                {call.themes.map((th) => (
                  <List.Item key={th}>{th}</List.Item>
                ))}
              </List>
            </div>
          )}
          <div>
            <Title order={2} size="h4">
              {t('call.eligibleCountries')}
            </Title>
            <Text>
              {call.eligibleCountries.length
                ? call.eligibleCountries.map((c) => countryName(c, lang)).join(', ')
                : t('call.allCountries')}
            </Text>
          </div>
          {open ? (
            ngo ? (
              <Group>
                <Button component={Link} to={`/ngo/calls/${encodeURIComponent(call.id)}/apply`}>
                  {t('call.apply')}
                </Button>
              </Group>
            ) : (
              <Group>
                <Button component={Link} to={`/calls/${encodeURIComponent(call.id)}/apply`}>
                  {t('call.applyRegister')}
                </Button>
                <Button
                  component={Link}
                  variant="default"
                  to={`/login?next=${encodeURIComponent(`/ngo/calls/${call.id}/apply`)}`}
                >
                  {t('call.applyLogin')}
                </Button>
              </Group>
            )
          ) : (
            <Alert color="gray">{t('call.notOpen')}</Alert>
          )}
        </Stack>
      ) : (
        <Text>{t('call.notFound')}</Text>
      )}
    </QueryState>
  );
}
