import { lazy, Suspense, useEffect, useState } from 'react';
import {
  Anchor,
  AppShell,
  Badge,
  Burger,
  Button,
  Center,
  Group,
  Loader,
  NativeSelect,
  NavLink,
  Stack,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure, useMediaQuery, useWindowEvent } from '@mantine/hooks';
import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { stepUpStore } from './step-up';
import { graphql } from '../gql';
import { LANGUAGES, setLanguage, type Language } from './i18n';
import { sessionStore } from './session-store';
import { useSession, type Me } from './session';
import { staffBoardNavItems } from './staff-board-nav';
import { activeEntry, type NavItem } from './nav';
import { VerifyEmailBanner } from '../features/auth/VerifyEmailBanner';

// The step-up prompt's code (a modal) loads the first time an action asks for it.
const StepUpPrompt = lazy(() => import('../features/account/StepUpPrompt').then((m) => ({ default: m.StepUpPrompt })));

function StepUpHost() {
  const [asked, setAsked] = useState(() => stepUpStore.current() !== null);
  useEffect(() => stepUpStore.subscribe((r) => r && setAsked(true)), []);
  return asked ? (
    <Suspense fallback={null}>
      <StepUpPrompt />
    </Suspense>
  ) : null;
}

export const UnreadCountDocument = graphql(`
  query UnreadCount {
    notifications(unreadOnly: true, first: 1) {
      totalCount
    }
  }
`);

/** Navigation follows the organisations and roles that `me` reports. */
function useNavItems(me: Me | null, unread: number): NavItem[] {
  const { t } = useTranslation();
  const items: NavItem[] = [{ to: '/', label: t('nav.fund') }];
  if (!me) return items;
  if (me.organizations.some((o) => o.kind === 'NGO')) {
    items.push({ to: '/ngo', label: t('nav.ngoHome') });
    items.push({ to: '/ngo/organization', label: t('nav.organization') });
  }
  if (me.organizations.some((o) => o.kind === 'DONOR')) {
    items.push({ to: '/donor', label: t('donor.nav.home') });
    items.push({ to: '/donor/impact', label: t('donor.nav.impact') });
  }
  // Staff workspaces follow the roles `me` reports (what each may do there comes from `permissions`).
  const roles = new Set(me.roles.map((r) => r.role));
  if (roles.has('SECRETARIAT')) {
    items.push({ to: '/secretariat', label: t('staffNav.inbox') });
    items.push({ to: '/secretariat/calls', label: t('staffNav.calls') });
    items.push({
      to: '/secretariat/money',
      label: t('staffNav.money'),
      also: ['/secretariat/pledges', '/secretariat/contributions', '/secretariat/reconciliation'],
    });
  }
  if (roles.has('BOARD_MEMBER')) items.push({ to: '/board', label: t('staffNav.board') });
  if (roles.has('AUDITOR') || roles.has('ADMIN')) {
    items.push({ to: '/audit', label: t('staffNav.audit') });
    items.push({ to: '/audit/fund', label: t('staffNav.fundAccounts') });
  }
  items.push(...staffBoardNavItems(roles, t));
  items.push({ to: '/notifications', label: t('nav.notifications'), badge: unread });
  items.push({ to: '/account', label: t('nav.account') });
  return items;
}

/** Log in or log out: in the header on a desktop, at the end of the menu on a phone. */
function AccountAction(props: { visibleFrom?: 'sm'; hiddenFrom?: 'sm'; mt?: 'sm' }) {
  const { t } = useTranslation();
  const { loggedIn } = useSession();
  const navigate = useNavigate();
  return loggedIn ? (
    <Button
      size="xs"
      variant="default"
      {...props}
      onClick={() => {
        sessionStore.logout();
        void navigate('/');
      }}
    >
      {t('nav.logout')}
    </Button>
  ) : (
    <Button size="xs" component={Link} to="/login" {...props}>
      {t('nav.login')}
    </Button>
  );
}

export function Layout() {
  const { t, i18n } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const { me, loggedIn, lastEvent } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const unread = useQuery(UnreadCountDocument, { skip: !loggedIn, pollInterval: 60_000 });
  const items = useNavItems(me, unread.data?.notifications.totalCount ?? 0);
  // The entry with the longest path that leads to the page is the current one ("/donor/impact" over
  // "/donor"; "/secretariat/money" for "/secretariat/reconciliation", one of its sub-pages).
  const activeTo = activeEntry(items, location.pathname);

  // Below the `sm` breakpoint the menu is a drawer: out of reach of Tab while closed, closed by Escape.
  const phone = useMediaQuery('(max-width: 47.99em)') ?? false;
  useWindowEvent('keydown', (e) => {
    if (e.key === 'Escape' && opened) close();
  });
  useEffect(() => close(), [location.pathname, close]);
  useEffect(() => {
    if (lastEvent === 'expired' && location.pathname !== '/login') {
      const next = encodeURIComponent(`${location.pathname}${location.search}`);
      void navigate(`/login?next=${next}&expired=1`, { replace: true });
    }
    // Only a new expiry sends the user to the login page, not every navigation afterwards.
  }, [lastEvent]);

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group wrap="nowrap" gap="xs">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.menu')} />
            <Anchor component={Link} to="/" fw={700} c="blue.9" underline="never">
              VTF Grants
            </Anchor>
          </Group>
          <Group wrap="nowrap" gap="xs">
            <NativeSelect
              aria-label={t('nav.language')}
              value={i18n.resolvedLanguage}
              onChange={(e) => void setLanguage(e.currentTarget.value as Language)}
              data={LANGUAGES.map((l) => ({ value: l.code, label: l.label }))}
              size="xs"
            />
            {/* On a phone the account action sits in the menu, so the header fits 360 px. */}
            <AccountAction visibleFrom="sm" />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('nav.main')} component="nav" inert={phone && !opened}>
        <Stack gap={4}>
          {me && (
            <Text size="sm" c="dimmed" px="sm" py={4}>
              {me.displayName}
            </Text>
          )}
          {items.map((item) => (
            <NavLink
              key={item.to}
              component={Link}
              to={item.to}
              label={item.label}
              active={item.to === activeTo}
              rightSection={
                item.badge ? (
                  <Badge size="sm" circle aria-hidden>
                    {item.badge}
                  </Badge>
                ) : undefined
              }
              aria-label={item.badge ? `${item.label} (${t('nav.unread', { count: item.badge })})` : undefined}
            />
          ))}
          <AccountAction hiddenFrom="sm" mt="sm" />
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        {me && !me.emailVerifiedAt && location.pathname !== '/verify-email' && <VerifyEmailBanner email={me.email} />}
        <Suspense
          fallback={
            <Center mih={200}>
              <Loader aria-hidden />
              <VisuallyHidden role="status">{t('common.loading')}</VisuallyHidden>
            </Center>
          }
        >
          <Outlet />
        </Suspense>
      </AppShell.Main>
      <StepUpHost />
    </AppShell>
  );
}
