import type { Messages } from '../../../i18n/types';
import type { secretariatReviewEn } from './review.en';

export const secretariatReviewEs: Messages<typeof secretariatReviewEn> = {
  reportReview: {
    title: 'Informe',
    review: 'Examinar el informe',
    current: 'Versión {{version}}, presentada el {{date}}',
    victims: 'Víctimas asistidas',
    nothingSubmitted: 'Todavía no se ha presentado nada.',
    decide: 'Decisión',
    comments: 'Lo que la organización debe cambiar',
    commentsHint: 'Se envía a la organización con el informe; al menos 3 caracteres.',
    requestRevision: 'Devolver para revisión',
    reason: 'Motivo de la exención',
    reasonHint: 'Queda registrado en la pista de auditoría; al menos 3 caracteres.',
    waive: 'Eximir del informe',
    accepted: 'El informe está aceptado.',
    revisionSent: 'El informe se devuelve a la organización con su mensaje.',
    waived: 'El informe queda eximido; el motivo está registrado.',
    waivedTitle: 'Eximido',
    waivedOn: 'Eximido el {{date}}: {{reason}}',
  },
};
