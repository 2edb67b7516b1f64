import { describe, expect, it } from 'vitest';
import { ngoEn } from '../features/ngo/messages/en';
import { ngoFr } from '../features/ngo/messages/fr';
import { ngoEs } from '../features/ngo/messages/es';
import { i18n, i18nReady, setLanguage, withMessages } from './i18n';

describe('feature texts loaded with their screens', () => {
  it('are absent before the screen loads, present after, and follow a later change of language', async () => {
    await i18nReady;
    expect(i18n.exists('apply.title')).toBe(false);

    const screen = await withMessages('ngo', () => Promise.resolve('the screen'))();
    expect(screen).toBe('the screen');
    expect(i18n.t('apply.title')).toBe(ngoEn.apply.title);

    await setLanguage('fr');
    expect(i18n.t('apply.title')).toBe(ngoFr.apply.title);
    // The first bundle's texts are still there beside the feature's.
    expect(i18n.t('nav.logout')).toBe('Se déconnecter');

    await setLanguage('es');
    expect(i18n.t('apply.title')).toBe(ngoEs.apply.title);
    await setLanguage('en');
    expect(i18n.t('apply.title')).toBe(ngoEn.apply.title);
  });
});
