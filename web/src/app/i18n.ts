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
  if (lang !== 'en' && !i18n.hasResourceBundle(lang, 'translation')) {
    i18n.addResourceBundle(lang, 'translation', await loaders[lang]());
  }
  // The features already opened need their texts in the new language too.
  await Promise.all([...opened].map((feature) => loadFeature(feature, lang)));
}

type Tree = { [key: string]: string | Tree };

/**
 * A feature's texts, loaded with its route chunks rather than in the first bundle: every
 * language's loader (English too), typed as "every key of the English one" in the feature's
 * messages folder and checked by i18n.test.ts.
 */
const features = {
  ngo: {
    en: () => import('../features/ngo/messages/en').then((m) => m.ngoEn),
    fr: () => import('../features/ngo/messages/fr').then((m) => m.ngoFr),
    es: () => import('../features/ngo/messages/es').then((m) => m.ngoEs),
  },
  secretariat: {
    en: () => import('../features/secretariat/messages/en').then((m) => m.secretariatEn),
    fr: () => import('../features/secretariat/messages/fr').then((m) => m.secretariatFr),
    es: () => import('../features/secretariat/messages/es').then((m) => m.secretariatEs),
  },
  board: {
    en: () => import('../features/board/messages/en').then((m) => m.boardEn),
    fr: () => import('../features/board/messages/fr').then((m) => m.boardFr),
    es: () => import('../features/board/messages/es').then((m) => m.boardEs),
  },
  audit: {
    en: () => import('../features/audit/messages/en').then((m) => m.auditEn),
    fr: () => import('../features/audit/messages/fr').then((m) => m.auditFr),
    es: () => import('../features/audit/messages/es').then((m) => m.auditEs),
  },
  admin: {
    en: () => import('../features/admin/messages/en').then((m) => m.adminEn),
    fr: () => import('../features/admin/messages/fr').then((m) => m.adminFr),
    es: () => import('../features/admin/messages/es').then((m) => m.adminEs),
  },
  dashboard: {
    en: () => import('../features/dashboard/messages/en').then((m) => m.dashboardEn),
    fr: () => import('../features/dashboard/messages/fr').then((m) => m.dashboardFr),
    es: () => import('../features/dashboard/messages/es').then((m) => m.dashboardEs),
  },
} satisfies Record<string, Record<Language, () => Promise<Tree>>>;

type Feature = keyof typeof features;
const opened = new Set<Feature>();
const loaded = new Map<string, Promise<void>>();

function loadFeature(feature: Feature, lang: Language): Promise<void> {
  const key = `${feature}:${lang}`;
  let done = loaded.get(key);
  if (!done) {
    done = features[feature][lang]().then((messages) => {
      i18n.addResourceBundle(lang, 'translation', messages, true, true);
    });
    // A failed download may be tried again on the next navigation.
    done.catch(() => loaded.delete(key));
    loaded.set(key, done);
  }
  return done;
}

/**
 * Wraps a route's `import()` so that the screen renders with its feature's texts in place (the
 * current language and English, the fallback): use it inside `lazy()`.
 */
export function withMessages<T>(feature: Feature, importer: () => Promise<T>): () => Promise<T> {
  return async () => {
    opened.add(feature);
    await i18nReady;
    const lang = (i18n.resolvedLanguage ?? 'en') as Language;
    const [screen] = await Promise.all([
      importer(),
      loadFeature(feature, 'en'),
      lang === 'en' ? undefined : loadFeature(feature, lang),
    ]);
    return screen;
  };
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
