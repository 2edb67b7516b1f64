import { Machine, statusField } from '../core/transition';
import { Role } from '../users/user.entity';
import { type ConceptNote, ConceptNoteStatus } from './concept-note.entity';

const { SUBMITTED, SHORTLISTED, DECLINED } = ConceptNoteStatus;

/**
 * A concept note is submitted once (its creation); the fund's secretariat then shortlists it (an
 * invitation to a full proposal) or declines it. Both are final.
 */
export const CONCEPT_MACHINE = new Machine<ConceptNoteStatus>(
  'ConceptNote',
  Object.values(ConceptNoteStatus),
  [
    { from: SUBMITTED, to: SHORTLISTED, who: [Role.SECRETARIAT] },
    { from: SUBMITTED, to: DECLINED, who: [Role.SECRETARIAT] },
  ],
  'concept note',
);

export const CONCEPT_STATUS = statusField<ConceptNote, 'status'>('status');
