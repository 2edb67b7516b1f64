import type { TFunction } from 'i18next';

/**
 * Navigation to the staff screens of issue 16 (dashboard, amendments, board pack, administration),
 * by the roles `me` reports; kept here so that other work on Layout.tsx does not collide with it.
 */
export function staffBoardNavItems(roles: ReadonlySet<string>, t: TFunction): { to: string; label: string }[] {
  const items: { to: string; label: string }[] = [];
  if (roles.has('SECRETARIAT') || roles.has('BOARD_MEMBER')) {
    items.push({ to: '/dashboard', label: t('staffBoardNav.dashboard') });
  }
  if (roles.has('BOARD_MEMBER')) {
    items.push({ to: '/board/amendments', label: t('staffBoardNav.amendments') });
  }
  if (roles.has('BOARD_MEMBER') || roles.has('SECRETARIAT')) {
    items.push({ to: '/board/pack', label: t('staffBoardNav.pack') });
  }
  if (roles.has('ADMIN')) {
    items.push({ to: '/admin/users', label: t('staffBoardNav.users') });
    items.push({ to: '/admin/funds', label: t('staffBoardNav.funds') });
  }
  return items;
}
