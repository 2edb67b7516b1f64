import { Alert, Button, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useLazyQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import { formatMoney, formatNumber } from '../../app/format';
import { SUCCESS } from '../ngo/colors';

const LedgerCheckDocument = graphql(`
  query AuditLedgerCheck($fundId: String!) {
    ledgerCheck(fundId: $fundId) {
      ok
      lineCount
      groupCount
      unbalancedGroups
      differences {
        item
        expected {
          amount
          currency
        }
        ledger {
          amount
          currency
        }
      }
      accounts {
        account
        debits {
          amount
          currency
        }
        credits {
          amount
          currency
        }
        net {
          amount
          currency
        }
      }
    }
  }
`);

/** Recomputes the fund's balances from its ledger lines on demand and shows what differs. */
export function LedgerCheckPanel({ fundId }: { fundId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const [run, { data, loading }] = useLazyQuery(LedgerCheckDocument, { fetchPolicy: 'network-only' });
  const c = data?.ledgerCheck;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="ledger-check-title">
      <Title order={2} size="h3" id="ledger-check-title" mb="xs">
        {t('ledgerCheck.title')}
      </Title>
      <Stack gap="sm" align="flex-start">
        <Text size="sm">{t('ledgerCheck.intro')}</Text>
        <Button onClick={() => void run({ variables: { fundId } })} loading={loading}>
          {t('ledgerCheck.run')}
        </Button>
        <div role="status" aria-live="polite" style={{ width: '100%' }}>
          {c && (
            <Alert
              color={c.ok ? SUCCESS : 'red'}
              title={c.ok ? t('ledgerCheck.ok') : t('ledgerCheck.notOk')}
              data-testid="ledger-check"
            >
              <Text size="sm">
                {t('ledgerCheck.counts', {
                  lines: formatNumber(c.lineCount, lang),
                  groups: formatNumber(c.groupCount, lang),
                })}
              </Text>
              {c.unbalancedGroups.length > 0 && (
                <Text size="sm">{t('ledgerCheck.unbalanced', { groups: c.unbalancedGroups.join(', ') })}</Text>
              )}
            </Alert>
          )}
        </div>
        {c && c.differences.length > 0 && (
          <Table aria-label={t('ledgerCheck.differences')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('ledgerCheck.item')}</Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('ledgerCheck.expected')}
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('ledgerCheck.ledger')}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {c.differences.map((d) => (
                <Table.Tr key={d.item}>
                  <Table.Td>{d.item}</Table.Td>
                  <Table.Td ta="right">{formatMoney(d.expected, lang)}</Table.Td>
                  <Table.Td ta="right">{formatMoney(d.ledger, lang)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {c && (
          <Table.ScrollContainer minWidth={520} w="100%">
            <Table aria-label={t('ledgerCheck.accounts')} striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('ledgerCheck.account')}</Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t('ledgerCheck.debits')}
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t('ledgerCheck.credits')}
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t('ledgerCheck.net')}
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {c.accounts.map((a) => (
                  <Table.Tr key={a.account}>
                    <Table.Td>
                      <code>{a.account}</code>
                    </Table.Td>
                    <Table.Td ta="right">{formatMoney(a.debits, lang)}</Table.Td>
                    <Table.Td ta="right">{formatMoney(a.credits, lang)}</Table.Td>
                    <Table.Td ta="right">{formatMoney(a.net, lang)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Paper>
  );
}
