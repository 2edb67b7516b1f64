/** Orange dark enough for white text and for text on its light tint (WCAG AA); Mantine's orange.9 is not. */
export const ATTENTION = '#b03a06';
/** Green dark enough for text on its light tint (WCAG AA): confirmations, a verified chain. */
export const SUCCESS = '#0b6b3a';
