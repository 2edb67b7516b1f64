import type { Messages } from '../../../i18n/types';
import type { secretariatReviewEn } from './review.en';

export const secretariatReviewFr: Messages<typeof secretariatReviewEn> = {
  reportReview: {
    title: 'Rapport',
    review: 'Examiner le rapport',
    current: 'Version {{version}}, soumise le {{date}}',
    victims: 'Victimes assistées',
    nothingSubmitted: 'Rien n’a encore été soumis.',
    decide: 'Décision',
    comments: 'Ce que l’organisation doit modifier',
    commentsHint: 'Envoyé à l’organisation avec le rapport ; au moins 3 caractères.',
    requestRevision: 'Renvoyer pour révision',
    reason: 'Motif de la dispense',
    reasonHint: 'Consigné dans la piste d’audit ; au moins 3 caractères.',
    waive: 'Dispenser du rapport',
    accepted: 'Le rapport est accepté.',
    revisionSent: 'Le rapport est renvoyé à l’organisation avec votre message.',
    waived: 'Le rapport fait l’objet d’une dispense ; le motif est consigné.',
    waivedTitle: 'Dispensé',
    waivedOn: 'Dispensé le {{date}} : {{reason}}',
  },
};
