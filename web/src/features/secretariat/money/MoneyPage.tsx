import { Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../../app/usePageTitle';
import { useRoleFund } from '../useRoleFund';
import { BalanceBreakdown } from './BalanceBreakdown';
import { ExchangeRates } from './ExchangeRates';
import { MoneyNav } from './MoneyNav';
import { RateQueue } from './RateQueue';
import { RecordWireForm } from './RecordWireForm';

/** The secretariat's money: the fund's balance, a wire to record, wire rates waiting for a second member. */
export default function MoneyPage() {
  const { t } = useTranslation();
  usePageTitle(t('moneyNav.money'));
  const fund = useRoleFund('SECRETARIAT');
  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{t('moneyNav.money')}</Title>
        {fund && <Text>{fund.name}</Text>}
      </div>
      <MoneyNav />
      {fund && (
        <>
          <BalanceBreakdown fundId={fund.id} />
          <RateQueue fundId={fund.id} />
          <RecordWireForm fundId={fund.id} />
          <ExchangeRates fundId={fund.id} />
        </>
      )}
    </Stack>
  );
}
