export type Lang = 'en' | 'fr' | 'es';
export const LANGS: Lang[] = ['en', 'fr', 'es'];

/** The texts of the PDFs the fund sends, in the recipient's language. */
const TEXTS = {
  en: {
    receiptTitle: 'Contribution receipt',
    receiptNumber: 'Receipt number',
    donor: 'Donor',
    fund: 'Fund',
    dateReceived: 'Date received',
    amountReceived: 'Amount received',
    exchangeRate: 'Exchange rate',
    baseAmount: 'Amount in the base currency',
    supportCost: 'Programme support cost',
    earmark: 'Earmark',
    none: 'None',
    channel: 'Channel',
    reference: 'Reference',
    refunded: 'Refunded',
    receiptThanks: 'The fund thanks you for your contribution.',
    awardTitle: 'Award letter',
    grantee: 'Grantee',
    project: 'Project',
    awardAmount: 'Award amount',
    period: 'Period',
    tranches: 'Tranches',
    tranche: 'Tranche',
    plannedDate: 'Planned date',
    condition: 'Condition',
    acceptedReport: 'accepted {kind} report',
    noCondition: 'none',
    reporting: 'Reporting obligations',
    report: 'report',
    due: 'due',
    bankAccount: 'Bank account on file',
    noBankAccount: 'No bank account on file: nothing can be paid until one is recorded and confirmed.',
    ending: 'ending',
    statementTitle: 'Fund statement',
    otherDonor: 'A donor not named publicly',
    from: 'from',
    to: 'to',
    section: 'Section',
    item: 'Item',
    amount: 'Amount',
    issued: 'Issued',
    integrity: 'The SHA-256 of this file is recorded in the fund\u2019s audit trail when it is issued.',
  },
  fr: {
    receiptTitle: 'Reçu de contribution',
    receiptNumber: 'Numéro du reçu',
    donor: 'Donateur',
    fund: 'Fonds',
    dateReceived: 'Date de réception',
    amountReceived: 'Montant reçu',
    exchangeRate: 'Taux de change',
    baseAmount: 'Montant dans la monnaie de base',
    supportCost: 'Frais de gestion du programme',
    earmark: 'Affectation',
    none: 'Aucune',
    channel: 'Moyen',
    reference: 'Référence',
    refunded: 'Remboursé',
    receiptThanks: 'Le fonds vous remercie de votre contribution.',
    awardTitle: 'Lettre d\u2019attribution',
    grantee: 'Bénéficiaire',
    project: 'Projet',
    awardAmount: 'Montant attribué',
    period: 'Période',
    tranches: 'Tranches',
    tranche: 'Tranche',
    plannedDate: 'Date prévue',
    condition: 'Condition',
    acceptedReport: 'rapport {kind} accepté',
    noCondition: 'aucune',
    reporting: 'Obligations de rapport',
    report: 'rapport',
    due: 'échéance',
    bankAccount: 'Compte bancaire enregistré',
    noBankAccount:
      'Aucun compte bancaire enregistré : aucun paiement avant qu\u2019un compte soit enregistré et confirmé.',
    ending: 'se terminant par',
    statementTitle: 'État financier du fonds',
    otherDonor: 'Un donateur non nommé publiquement',
    from: 'du',
    to: 'au',
    section: 'Rubrique',
    item: 'Poste',
    amount: 'Montant',
    issued: 'Émis le',
    integrity:
      'L\u2019empreinte SHA-256 de ce fichier est inscrite au journal d\u2019audit du fonds lors de son émission.',
  },
  es: {
    receiptTitle: 'Recibo de contribución',
    receiptNumber: 'Número de recibo',
    donor: 'Donante',
    fund: 'Fondo',
    dateReceived: 'Fecha de recepción',
    amountReceived: 'Importe recibido',
    exchangeRate: 'Tipo de cambio',
    baseAmount: 'Importe en la moneda base',
    supportCost: 'Gastos de apoyo al programa',
    earmark: 'Asignación',
    none: 'Ninguna',
    channel: 'Medio',
    reference: 'Referencia',
    refunded: 'Reembolsado',
    receiptThanks: 'El fondo le agradece su contribución.',
    awardTitle: 'Carta de adjudicación',
    grantee: 'Beneficiario',
    project: 'Proyecto',
    awardAmount: 'Importe adjudicado',
    period: 'Periodo',
    tranches: 'Tramos',
    tranche: 'Tramo',
    plannedDate: 'Fecha prevista',
    condition: 'Condición',
    acceptedReport: 'informe {kind} aceptado',
    noCondition: 'ninguna',
    reporting: 'Obligaciones de informe',
    report: 'informe',
    due: 'vence',
    bankAccount: 'Cuenta bancaria registrada',
    noBankAccount: 'No hay cuenta bancaria registrada: no se paga nada hasta que se registre y confirme una.',
    ending: 'terminada en',
    statementTitle: 'Estado del fondo',
    otherDonor: 'Un donante no nombrado públicamente',
    from: 'del',
    to: 'al',
    section: 'Sección',
    item: 'Partida',
    amount: 'Importe',
    issued: 'Emitido el',
    integrity: 'El SHA-256 de este archivo se registra en la pista de auditoría del fondo al emitirse.',
  },
} as const;

export type Texts = Record<keyof (typeof TEXTS)['en'], string>;
export const textsFor = (lang: Lang): Texts => TEXTS[lang];

/** `?lang=`, else the first supported language of Accept-Language, else English. */
export function pickLang(query: string | undefined, acceptLanguage: string | undefined): Lang {
  const q = query?.toLowerCase();
  if (q && (LANGS as string[]).includes(q)) return q as Lang;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.trim().slice(0, 2).toLowerCase();
    if ((LANGS as string[]).includes(tag)) return tag as Lang;
  }
  return 'en';
}

/** An amount in minor units as the language writes money (exact: the decimal string, never a float). */
export function money(lang: Lang, decimal: string, currency: string): string {
  const f = new Intl.NumberFormat(lang, { style: 'currency', currency, currencyDisplay: 'code' });
  // Intl takes the decimal string exactly; the built-in PDF fonts have no narrow no-break space.
  return f.format(decimal as unknown as number).replace(/[\u202f\u00a0]/g, ' ');
}
