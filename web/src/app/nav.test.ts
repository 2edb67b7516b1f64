import { describe, expect, it } from 'vitest';
import { activeEntry, type NavItem } from './nav';

const items: NavItem[] = [
  { to: '/', label: 'Fund' },
  { to: '/donor', label: 'Donor' },
  { to: '/donor/impact', label: 'Impact' },
  { to: '/secretariat', label: 'Inbox' },
  { to: '/secretariat/calls', label: 'Calls' },
  {
    to: '/secretariat/money',
    label: 'Money',
    also: ['/secretariat/pledges', '/secretariat/contributions', '/secretariat/reconciliation'],
  },
];

describe('the current navigation entry', () => {
  it('is the entry with the longest path leading to the page', () => {
    expect(activeEntry(items, '/')).toBe('/');
    expect(activeEntry(items, '/donor')).toBe('/donor');
    expect(activeEntry(items, '/donor/impact')).toBe('/donor/impact');
    expect(activeEntry(items, '/secretariat')).toBe('/secretariat');
    expect(activeEntry(items, '/secretariat/calls/abc')).toBe('/secretariat/calls');
  });

  it("counts an entry's other pages as its own (the money screens under Money, not the inbox)", () => {
    expect(activeEntry(items, '/secretariat/reconciliation')).toBe('/secretariat/money');
    expect(activeEntry(items, '/secretariat/pledges')).toBe('/secretariat/money');
  });

  it('matches whole path segments only, and nothing for a page outside the menu', () => {
    expect(activeEntry(items, '/donorship')).toBeNull();
    expect(activeEntry(items, '/login')).toBeNull();
  });
});
