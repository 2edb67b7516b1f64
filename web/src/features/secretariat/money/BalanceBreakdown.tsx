import { Paper, Text, Title } from '@mantine/core';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../../gql';
import { formatMoney } from '../../../app/format';
import classes from '../../ngo/ngo.module.css';

export const MoneyBalanceDocument = graphql(`
  query MoneyBalance($id: String!) {
    fund(id: $id) {
      id
      balance {
        received {
          amount
          currency
        }
        refunded {
          amount
          currency
        }
        cash {
          amount
          currency
        }
        committed {
          amount
          currency
        }
        disbursed {
          amount
          currency
        }
        supportCosts {
          amount
          currency
        }
        available {
          amount
          currency
        }
        pledgedUnpaid {
          amount
          currency
        }
        pledgesWithoutRate
      }
    }
  }
`);

/** The fund's balance from the ledger: what came in and went out, and available = cash − commitments − support cost. */
export function BalanceBreakdown({ fundId }: { fundId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const { data } = useQuery(MoneyBalanceDocument, { variables: { id: fundId }, fetchPolicy: 'cache-and-network' });
  const b = data?.fund?.balance;
  if (!b) return null;
  const m = (v: { amount: string; currency: string }) => formatMoney(v, lang);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="breakdown-title" data-testid="balance-breakdown">
      <Title order={2} size="h3" id="breakdown-title">
        {t('breakdown.title')}
      </Title>
      <Text size="sm" mb="xs">
        {t('breakdown.intro')}
      </Text>
      <dl className={classes.facts}>
        <dt>{t('breakdown.received')}</dt>
        <dd>{m(b.received)}</dd>
        <dt>{t('breakdown.refunded')}</dt>
        <dd>− {m(b.refunded)}</dd>
        <dt>{t('breakdown.disbursed')}</dt>
        <dd>− {m(b.disbursed)}</dd>
        <dt>{t('breakdown.cash')}</dt>
        <dd data-testid="balance-cash">{m(b.cash)}</dd>
        <dt>{t('breakdown.committed')}</dt>
        <dd>− {m(b.committed)}</dd>
        <dt>{t('breakdown.supportCosts')}</dt>
        <dd>− {m(b.supportCosts)}</dd>
        <dt>{t('breakdown.available')}</dt>
        <dd data-testid="balance-available">
          <strong>{m(b.available)}</strong>
        </dd>
        <dt>{t('breakdown.pledgedUnpaid')}</dt>
        <dd>{m(b.pledgedUnpaid)}</dd>
      </dl>
      {b.pledgesWithoutRate > 0 && (
        <Text size="sm" c="dimmed">
          {t('breakdown.pledgesWithoutRate', { count: b.pledgesWithoutRate })}
        </Text>
      )}
    </Paper>
  );
}
