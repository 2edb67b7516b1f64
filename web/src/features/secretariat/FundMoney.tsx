import { Paper, Text } from '@mantine/core';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import { formatMoney } from '../../app/format';
import classes from '../ngo/ngo.module.css';

const FundMoneyDocument = graphql(`
  query FundMoney($id: String!) {
    fund(id: $id) {
      id
      name
      balance {
        cash {
          amount
          currency
        }
        committed {
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
      }
    }
  }
`);

/** The fund's money as the API derives it from the ledger: available = cash − commitments − support cost. */
export function FundMoney({ fundId, title }: { fundId: string; title?: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const { data } = useQuery(FundMoneyDocument, { variables: { id: fundId }, fetchPolicy: 'cache-and-network' });
  const b = data?.fund?.balance;
  if (!b) return null;
  return (
    <Paper withBorder p="md" component="section" aria-label={title ?? t('money.title')} data-testid="fund-money">
      <Text fw={600} mb="xs">
        {title ?? t('money.title')}
      </Text>
      <dl className={classes.facts}>
        <dt>{t('money.cash')}</dt>
        <dd>{formatMoney(b.cash, lang)}</dd>
        <dt>{t('money.committed')}</dt>
        <dd>− {formatMoney(b.committed, lang)}</dd>
        <dt>{t('money.supportCosts')}</dt>
        <dd>− {formatMoney(b.supportCosts, lang)}</dd>
        <dt>{t('money.available')}</dt>
        <dd data-testid="fund-available">
          <strong>{formatMoney(b.available, lang)}</strong>
        </dd>
      </dl>
    </Paper>
  );
}
