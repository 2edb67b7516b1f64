import type { Messages } from '../../../i18n/types';
import type { dashboardEn } from './en';

export const dashboardFr: Messages<typeof dashboardEn> = {
  dashboard: {
    title: 'Tableau de bord',
    money: 'L’argent aujourd’hui',
    received: 'Reçu',
    cash: 'Trésorerie',
    committed: 'Engagements en cours',
    disbursed: 'Versé aux bénéficiaires',
    supportCosts: 'Frais de soutien au programme',
    available: 'Disponible',
    pledgedUnpaid: 'Promis, pas encore versé',
    overTime: 'L’argent mois par mois',
    overTimeCaption:
      'Reçu des donateurs, engagé pour des subventions et versé aux bénéficiaires au cours de chacun des six derniers mois.',
    month: 'Mois',
    receipts: 'Reçu',
    awardsCommitted: 'Engagé',
    disbursements: 'Versé',
    closingAvailable: 'Disponible en fin de mois',
    pipeline: 'Demandes par statut, pour chaque appel',
    call: 'Appel',
    total: 'Total',
    noCalls: 'Aucun appel pour l’instant.',
    reports: 'Rapports des subventions en cours',
    reportsCaption: 'Tous les rapports des subventions en cours du Fonds, par statut.',
    status: 'Statut',
    count: 'Nombre',
    overdueList: 'Rapports en retard',
    noOverdue: 'Aucun rapport n’est en retard.',
    overdueItem: '{{project}} ({{organization}}) : rapport {{kind}} attendu le {{date}}',
    victims: 'Victimes assistées',
    victimsNote: 'D’après les rapports acceptés du dernier trimestre publié ({{period}}) : {{total}} au total.',
    victimsNone: 'Aucun trimestre n’a encore été publié.',
    chartNote: 'Le graphique représente le tableau qui le suit.',
  },
};
