import { Anchor, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';

const LINKS = [
  { to: '/secretariat/money', key: 'moneyNav.money' },
  { to: '/secretariat/pledges', key: 'moneyNav.pledges' },
  { to: '/secretariat/contributions', key: 'moneyNav.contributions' },
  { to: '/secretariat/reconciliation', key: 'moneyNav.reconciliation' },
] as const;

/** The secretariat's money screens, one link each (the current one marked for screen readers). */
export function MoneyNav() {
  const { t } = useTranslation();
  return (
    <Group component="nav" aria-label={t('moneyNav.money')} gap="md" wrap="wrap">
      {LINKS.map((l) => (
        <Anchor key={l.to} component={NavLink} to={l.to} end size="sm">
          {t(l.key)}
        </Anchor>
      ))}
    </Group>
  );
}
