import { Field, InputType, ObjectType } from 'type-graphql';
import { ArrayMaxSize, IsISO31661Alpha2, IsOptional, Length, Matches } from 'class-validator';
import { Permission } from '../auth/policy';
import { DECIMAL_AMOUNT } from '../core/money';
import { PayloadErrors, type UserError } from '../graphql/errors';
import { MultiLine } from '../graphql/input-guard';
import { ConceptNote } from './concept-note.entity';
import { CONCEPT_NOTE_ERRORS } from './concept-note.errors';

@InputType()
export class SubmitConceptNoteInput {
  @Field(() => String) callId!: string;
  @Field(() => String, { nullable: true, description: "Defaults to the caller's NGO when it has exactly one." })
  @IsOptional()
  organizationId?: string;
  @Field(() => String) @Length(3, 300) projectTitle!: string;
  @MultiLine()
  @Field(() => String, { description: "At most the call's conceptMaxChars characters." })
  @Length(1, 20000)
  summary!: string;
  @Field(() => String, { description: 'Decimal in the call currency.' })
  @Matches(DECIMAL_AMOUNT)
  requestedAmount!: string;
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(250)
  @IsISO31661Alpha2({ each: true })
  countries?: string[];
}

@InputType()
export class DecideConceptNoteInput {
  @Field(() => String) conceptNoteId!: string;
  @MultiLine()
  @Field(() => String, { description: "The secretariat's reason, kept on file (not shown to the applicant)." })
  @Length(3, 5000)
  reason!: string;
  @MultiLine()
  @Field(() => String, { description: 'The message the applicant receives with the decision.' })
  @Length(3, 5000)
  message!: string;
}

@ObjectType()
export class ConceptNotePayload {
  @Field(() => ConceptNote, { nullable: true }) conceptNote?: ConceptNote | null;
  @PayloadErrors(CONCEPT_NOTE_ERRORS) errors!: UserError[];
}

@ObjectType({ description: 'What the caller may do with this concept note now.' })
export class ConceptNotePermissions {
  @Field(() => Permission) shortlist!: Permission;
  @Field(() => Permission) decline!: Permission;
}
