import { useState } from 'react';
import { Alert, Anchor, Button, Group, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { graphql } from '../../gql';
import type { FundStatementQuery } from '../../gql/graphql';
import { formatDate, formatMoney } from '../../app/format';
import { QueryState } from '../../app/QueryState';
import { usePageTitle } from '../../app/usePageTitle';
import { SUCCESS } from '../ngo/colors';
import classes from '../ngo/ngo.module.css';
import { useRoleFund } from '../secretariat/useRoleFund';
import { FundDownloads } from './FundDownloads';
import { LedgerCheckPanel } from './LedgerCheckPanel';
import { cashEquation } from './statement-math';

const FundStatementDocument = graphql(`
  query FundStatement($fundId: String!, $from: String!, $to: String!) {
    fundStatement(fundId: $fundId, from: $from, to: $to) {
      from
      to
      opening {
        cash {
          amount
          currency
        }
        commitments {
          amount
          currency
        }
        supportCostPayable {
          amount
          currency
        }
      }
      closing {
        cash {
          amount
          currency
        }
        commitments {
          amount
          currency
        }
        supportCostPayable {
          amount
          currency
        }
      }
      receipts {
        amount
        currency
      }
      grantRefundsReceived {
        amount
        currency
      }
      refundsToDonors {
        amount
        currency
      }
      disbursements {
        amount
        currency
      }
      otherCashMovements {
        amount
        currency
      }
      awardsCommitted {
        amount
        currency
      }
      commitmentsReleased {
        amount
        currency
      }
      commitmentsDisbursed {
        amount
        currency
      }
      otherCommitmentChanges {
        amount
        currency
      }
      outstandingCommitments {
        amount
        currency
      }
      supportCosts {
        amount
        currency
      }
      pledgesReceivable {
        amount
        currency
      }
      pledgesWithoutRate
      receiptsByDonor {
        donorId
        donorName
        base {
          amount
          currency
        }
        original {
          amount
          currency
        }
      }
      unverifiedRates {
        contributionId
        donorName
        valueDate
        exchangeRate
        amount {
          amount
          currency
        }
        baseAmount {
          amount
          currency
        }
      }
    }
  }
`);

type Statement = FundStatementQuery['fundStatement'];
const today = () => new Date().toISOString().slice(0, 10);

/** An auditor's view of a fund's accounts: the statement of a period, the ledger check, the files. */
export default function FundStatementPage() {
  const { t } = useTranslation();
  usePageTitle(t('statement.title'));
  const auditorFund = useRoleFund('AUDITOR');
  const adminFund = useRoleFund('ADMIN');
  const fund = auditorFund ?? adminFund;
  const [from, setFrom] = useState(() => `${today().slice(0, 8)}01`);
  const [to, setTo] = useState(today);
  const [period, setPeriod] = useState({ from, to });
  const invalid = !from || !to || from > to;
  const { data, loading, error, refetch } = useQuery(FundStatementDocument, {
    variables: { fundId: fund?.id ?? '', ...period },
    skip: !fund,
  });
  return (
    <Stack gap="lg">
      <div>
        <Text size="sm">
          <Anchor component={Link} to="/audit">
            {t('auditNav.trail')}
          </Anchor>
        </Text>
        <Title order={1}>{t('statement.title')}</Title>
        {fund && <Text>{fund.name}</Text>}
      </div>
      <Paper
        withBorder
        p="md"
        component="form"
        onSubmit={(e) => (e.preventDefault(), invalid || setPeriod({ from, to }))}
      >
        <Group align="flex-end" wrap="wrap">
          <TextInput
            type="date"
            label={t('statement.from')}
            value={from}
            onChange={(e) => setFrom(e.currentTarget.value)}
          />
          <TextInput
            type="date"
            label={t('statement.to')}
            value={to}
            onChange={(e) => setTo(e.currentTarget.value)}
            error={invalid ? t('statement.invalidPeriod') : undefined}
          />
          <Button type="submit" disabled={invalid}>
            {t('statement.show')}
          </Button>
        </Group>
      </Paper>
      <QueryState loading={loading || !fund} error={error} hasData={!!data} onRetry={() => void refetch()}>
        {data && <StatementView s={data.fundStatement} />}
      </QueryState>
      {fund && <FundDownloads fund={fund} from={period.from} to={period.to} />}
      {fund && <LedgerCheckPanel fundId={fund.id} />}
    </Stack>
  );
}

function StatementView({ s }: { s: Statement }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const m = (v: { amount: string; currency: string }) => formatMoney(v, lang);
  const eq = cashEquation(s);
  const row = (label: string, v: { amount: string; currency: string }, sign = '') => (
    <Table.Tr key={label}>
      <Table.Td>{label}</Table.Td>
      <Table.Td ta="right">
        {sign}
        {m(v)}
      </Table.Td>
    </Table.Tr>
  );
  const position = (title: string, p: Statement['opening']) => (
    <Paper withBorder p="sm">
      <Text fw={600}>
        {title}: {formatDate(title === t('statement.opening') ? s.from : s.to, lang)}
      </Text>
      <dl className={classes.facts}>
        <dt>{t('statement.cash')}</dt>
        <dd>{m(p.cash)}</dd>
        <dt>{t('statement.commitments')}</dt>
        <dd>{m(p.commitments)}</dd>
        <dt>{t('statement.supportCostPayable')}</dt>
        <dd>{m(p.supportCostPayable)}</dd>
      </dl>
    </Paper>
  );
  return (
    <Stack gap="md" component="section" aria-labelledby="statement-title">
      <Title order={2} size="h3" id="statement-title">
        {formatDate(s.from, lang)} – {formatDate(s.to, lang)}
      </Title>
      <Alert color={eq.holds ? SUCCESS : 'red'} title={t('statement.equation')} data-testid="cash-equation">
        <Text>{`${m(s.opening.cash)} + ${m(eq.moneyIn)} − ${m(eq.moneyOut)} = ${m(s.closing.cash)}`}</Text>
        <Text size="sm">
          {eq.holds ? t('statement.equationHolds') : t('statement.equationFails', { difference: m(eq.difference) })}
        </Text>
      </Alert>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {position(t('statement.opening'), s.opening)}
        {position(t('statement.closing'), s.closing)}
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Table aria-label={t('statement.cashIn')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('statement.cashIn')}</Table.Th>
              <Table.Th scope="col" ta="right">
                {t('statement.amount')}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {row(t('statement.receipts'), s.receipts)}
            {row(t('statement.grantRefundsReceived'), s.grantRefundsReceived)}
          </Table.Tbody>
        </Table>
        <Table aria-label={t('statement.cashOut')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('statement.cashOut')}</Table.Th>
              <Table.Th scope="col" ta="right">
                {t('statement.amount')}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {row(t('statement.refundsToDonors'), s.refundsToDonors)}
            {row(t('statement.disbursements'), s.disbursements)}
            {row(t('statement.otherCashMovements'), s.otherCashMovements)}
          </Table.Tbody>
        </Table>
      </SimpleGrid>
      <Table aria-label={t('statement.commitmentsTitle')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('statement.commitmentsTitle')}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t('statement.amount')}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {row(t('statement.awardsCommitted'), s.awardsCommitted)}
          {row(t('statement.commitmentsReleased'), s.commitmentsReleased, '− ')}
          {row(t('statement.commitmentsDisbursed'), s.commitmentsDisbursed, '− ')}
          {row(t('statement.otherCommitmentChanges'), s.otherCommitmentChanges)}
          {row(t('statement.outstandingCommitments'), s.outstandingCommitments)}
          {row(t('statement.supportCosts'), s.supportCosts)}
          {row(t('statement.pledgesReceivable'), s.pledgesReceivable)}
        </Table.Tbody>
      </Table>
      {s.pledgesWithoutRate > 0 && (
        <Text size="sm">{t('statement.pledgesWithoutRate', { count: s.pledgesWithoutRate })}</Text>
      )}
      {s.receiptsByDonor.length > 0 && (
        <Table.ScrollContainer minWidth={480}>
          <Table aria-label={t('statement.byDonor')} striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('statement.donor')}</Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('statement.inBase', { base: s.receipts.currency })}
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  {t('statement.original')}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {s.receiptsByDonor.map((d) => (
                <Table.Tr key={d.donorId ?? d.donorName}>
                  <Table.Td>{d.donorName}</Table.Td>
                  <Table.Td ta="right">{m(d.base)}</Table.Td>
                  <Table.Td ta="right">{d.original.map(m).join(' · ')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {s.unverifiedRates.length > 0 && (
        <Alert color="orange.9" title={t('statement.unverified')}>
          <ul style={{ margin: 0 }}>
            {s.unverifiedRates.map((u) => (
              <li key={u.contributionId}>
                {t('statement.unverifiedLine', {
                  donor: u.donorName,
                  date: formatDate(u.valueDate, lang),
                  amount: m(u.amount),
                  rate: u.exchangeRate,
                  base: m(u.baseAmount),
                })}
              </li>
            ))}
          </ul>
        </Alert>
      )}
    </Stack>
  );
}
