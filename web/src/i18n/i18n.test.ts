import { describe, expect, it } from 'vitest';
import { en } from './en';
import { fr } from './fr';
import { es } from './es';
import { ngoEn } from '../features/ngo/messages/en';
import { ngoEs } from '../features/ngo/messages/es';
import { ngoFr } from '../features/ngo/messages/fr';
import { secretariatEn } from '../features/secretariat/messages/en';
import { secretariatFr } from '../features/secretariat/messages/fr';
import { secretariatEs } from '../features/secretariat/messages/es';
import { boardEn } from '../features/board/messages/en';
import { boardFr } from '../features/board/messages/fr';
import { boardEs } from '../features/board/messages/es';
import { auditEn } from '../features/audit/messages/en';
import { auditFr } from '../features/audit/messages/fr';
import { auditEs } from '../features/audit/messages/es';
import { adminEn } from '../features/admin/messages/en';
import { adminFr } from '../features/admin/messages/fr';
import { adminEs } from '../features/admin/messages/es';
import { dashboardEn } from '../features/dashboard/messages/en';
import { dashboardFr } from '../features/dashboard/messages/fr';
import { dashboardEs } from '../features/dashboard/messages/es';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

/** Words that read the same in English and in the other language (names, codes, cognates). */
const SAME_AS_ENGLISH: Record<string, Set<string>> = {
  fr: new Set([
    'documents.applicationTitle',
    'documents.version',
    'documents.slot.APPLICATION_BUDGET',
    'nav.notifications',
    'notifications.title',
    'register.organization',
    'stats.keys.medical',
    'donor.wire.iban',
    'donor.contributions.title',
    'donor.contributions.date',
    // NGO journeys: the same word in French.
    'appForm.budget.title',
    'appForm.budget.description',
    'appForm.budget.actions',
    'org.bank.kindIban',
    'org.bank.iban',
    'org.bank.swift',
    'grant.tranche',
    'grant.condition',
    // Staff workspaces: the same word in French.
    'disb.tranches',
    'vet.title',
    'vote.title',
    'audit.page',
    'calls.field.description',
    'calls.organization',
    'dashboard.total',
    'amend.tranche',
    'amend.trancheNumber',
  ]),
  es: new Set([
    'donor.wire.iban',
    'org.bank.kindIban',
    'org.bank.iban',
    'org.bank.swift',
    // Names, a choice and a reason only: nothing to translate.
    'vote.voteLine',
    'admin.role.AUDITOR',
    'dashboard.total',
  ]),
};

// Every text the portal has: the first bundle's and those that load with a feature's screens.
const FEATURES = [ngoEn, secretariatEn, boardEn, auditEn, adminEn, dashboardEn];
const english = flatten(Object.assign({}, en, ...FEATURES) as Tree);

it('no feature reuses a section of the first bundle or of another feature (its texts would replace them)', () => {
  const seen = new Set(Object.keys(en));
  for (const feature of FEATURES) {
    const sections = Object.keys(feature);
    expect(sections.filter((section) => seen.has(section))).toEqual([]);
    sections.forEach((section) => seen.add(section));
  }
});

describe.each([
  ['fr', { ...fr, ...ngoFr, ...secretariatFr, ...boardFr, ...auditFr, ...adminFr, ...dashboardFr }],
  ['es', { ...es, ...ngoEs, ...secretariatEs, ...boardEs, ...auditEs, ...adminEs, ...dashboardEs }],
])('%s translation', (lang, messages) => {
  const translated = flatten(messages);

  it('has every English key and no other', () => {
    expect([...translated.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('leaves nothing in English', () => {
    const untranslated = [...english].filter(
      ([key, text]) => translated.get(key) === text && !SAME_AS_ENGLISH[lang]?.has(key) && /[a-z]{3}/i.test(text),
    );
    expect(untranslated.map(([key]) => key)).toEqual([]);
  });

  it('keeps every interpolation of the English text', () => {
    const missing = [...english].filter(([key, text]) => {
      const vars = text.match(/\{\{\w+\}\}/g) ?? [];
      return vars.some((v) => !translated.get(key)?.includes(v));
    });
    expect(missing.map(([key]) => key)).toEqual([]);
  });
});
