import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from '../i18n/en';

export const LANGUAGES = [
  { code: 'en', label: 'English' },
  { code: 'fr', label: 'Français' },
  { code: 'es', label: 'Español' },
] as const;

export type Language = (typeof LANGUAGES)[number]['code'];

const KEY = 'vtf.lang';

// English is in the first bundle; the other languages load when chosen.
const loaders: Record<Exclude<Language, 'en'>, () => Promise<typeof en>> = {
  fr: () => import('../i18n/fr').then((m) => m.fr),
  es: () => import('../i18n/es').then((m) => m.es),
};

function initialLanguage(): Language {
  const fromUrl = new URLSearchParams(globalThis.location?.search ?? '').get('lang');
  const stored = globalThis.localStorage?.getItem(KEY);
  const browser = globalThis.navigator?.language?.slice(0, 2);
  for (const candidate of [fromUrl, stored, browser]) {
    const found = LANGUAGES.find((l) => l.code === candidate);
    if (!found) continue;
    // A language asked for in the link stays after the next navigation or reload.
    if (candidate === fromUrl) globalThis.localStorage?.setItem(KEY, found.code);
    return found.code;
  }
  return 'en';
}

async function load(lang: Language): Promise<void> {
  if (lang === 'en' || i18n.hasResourceBundle(lang, 'translation')) return;
  i18n.addResourceBundle(lang, 'translation', await loaders[lang]());
}

export async function setLanguage(lang: Language): Promise<void> {
  globalThis.localStorage?.setItem(KEY, lang);
  await load(lang);
  await i18n.changeLanguage(lang);
}

i18n.on('languageChanged', (lng) => {
  if (globalThis.document) document.documentElement.lang = lng;
});

/** Resolves once the user's language is ready, so the first paint is already in that language. */
export const i18nReady: Promise<void> = (async () => {
  const lang = initialLanguage();
  await i18n.use(initReactI18next).init({
    resources: { en: { translation: en } },
    lng: 'en',
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
  });
  await load(lang).catch(() => undefined);
  await i18n.changeLanguage(i18n.hasResourceBundle(lang, 'translation') ? lang : 'en');
})();

export { i18n };
