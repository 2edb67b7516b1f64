import { Anchor, Group, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';

const PAGES = [
  { to: '/account', key: 'account.nav.profile' },
  { to: '/account/security', key: 'account.nav.security' },
  { to: '/account/sessions', key: 'account.nav.sessions' },
] as const;

/** The account's pages, one heading above them. */
export function AccountNav() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  return (
    <>
      <Title order={1}>{t('account.title')}</Title>
      <Group component="nav" aria-label={t('account.nav.label')} gap="lg">
        {PAGES.map((p) => (
          <Anchor
            key={p.to}
            component={Link}
            to={p.to}
            fw={pathname === p.to ? 700 : undefined}
            aria-current={pathname === p.to ? 'page' : undefined}
          >
            {t(p.key)}
          </Anchor>
        ))}
      </Group>
    </>
  );
}
