import { readFileSync } from 'node:fs';
import { create, type Font } from 'fontkit';

/**
 * The fonts embedded in the PDFs the fund sends (Noto, SIL Open Font License 1.1, from the
 * @expo-google-fonts packages): Noto Sans for Latin, Greek and Cyrillic, Noto Sans Arabic, and
 * Noto Sans SC for Chinese (and the Japanese and Korean characters it shares). Each character is
 * drawn with the first family that has it, so a donor or an organisation named in any of these
 * scripts comes out as written, and its text can be copied out of the PDF.
 */
const FAMILIES = {
  latin: [
    '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
    '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
  ],
  arabic: [
    '@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf',
    '@expo-google-fonts/noto-sans-arabic/700Bold/NotoSansArabic_700Bold.ttf',
  ],
  cjk: [
    '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
    '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
  ],
} as const;

export type Family = keyof typeof FAMILIES;
const ORDER = Object.keys(FAMILIES) as Family[];

// Read once per process (the CJK font is about 10 MB) and only when a text needs it.
const files = new Map<string, Buffer>();
const parsed = new Map<Family, Font>();

/** The bytes of a family's regular or bold font file. */
export function fontFile(family: Family, bold: boolean): Buffer {
  const name = FAMILIES[family][bold ? 1 : 0];
  let b = files.get(name);
  if (!b) {
    b = readFileSync(require.resolve(name));
    files.set(name, b);
  }
  return b;
}

function covers(family: Family, codePoint: number): boolean {
  let f = parsed.get(family);
  if (!f) {
    f = create(fontFile(family, false));
    parsed.set(family, f);
  }
  return f.hasGlyphForCodePoint(codePoint);
}

/** Splits a text into runs of one family each; spaces, digits and punctuation stay in the run they are in. */
export function fontRuns(text: string): { family: Family; text: string }[] {
  const runs: { family: Family; text: string }[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    const last = runs[runs.length - 1];
    const neutral = /[\p{Zs}\p{Nd}\p{P}\p{S}]/u.test(ch);
    const family =
      neutral && last && covers(last.family, cp) ? last.family : (ORDER.find((f) => covers(f, cp)) ?? 'latin');
    if (last?.family === family) last.text += ch;
    else runs.push({ family, text: ch });
  }
  return runs.length ? runs : [{ family: 'latin', text: '' }];
}
