/** Orange dark enough for white text and for text on its light tint (WCAG AA); Mantine's orange.9 is not. */
export const ATTENTION = '#b03a06';
/** Green dark enough for text on its light tint (WCAG AA): confirmations, a verified chain. */
export const SUCCESS = '#0b6b3a';

/** Badge colour of a tranche's status, the same on the NGO's grant page and the secretariat's. */
export const TRANCHE_STATUS_COLOR: Record<string, string> = {
  SCHEDULED: 'gray.8',
  REQUESTED: 'blue.9',
  APPROVED: 'indigo.9',
  PAID: 'teal.9',
  CANCELLED: 'red.9',
};
