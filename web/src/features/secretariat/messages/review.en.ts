/** The secretariat's report review texts (spread into secretariatEn; fr and es have every key). */
export const secretariatReviewEn = {
  reportReview: {
    title: 'Report',
    review: 'Review the report',
    current: 'Version {{version}}, submitted {{date}}',
    victims: 'Victims assisted',
    nothingSubmitted: 'Nothing has been submitted yet.',
    decide: 'Decision',
    comments: 'What the organisation must change',
    commentsHint: 'Sent to the organisation with the report; at least 3 characters.',
    requestRevision: 'Send back for revision',
    reason: 'Reason for the waiver',
    reasonHint: 'Recorded in the audit trail; at least 3 characters.',
    waive: 'Waive the report',
    accepted: 'The report is accepted.',
    revisionSent: 'The report is sent back to the organisation with your message.',
    waived: 'The report is waived; the reason is recorded.',
    waivedTitle: 'Waived',
    waivedOn: 'Waived on {{date}}: {{reason}}',
  },
};
