import { Length } from 'class-validator';
import { Field, InputType, ObjectType } from 'type-graphql';
import { PayloadErrors, type UserError } from '../graphql/errors';
import { SANCTIONS_ERRORS } from './sanctions.errors';
import { SanctionsMatch, SanctionsScreening } from './sanctions.entity';

@ObjectType({ description: 'Sanctions screening of an organisation (secretariat, auditors, administrators).' })
export class SanctionsStatus {
  @Field(() => Boolean, { description: 'True while a match is POSSIBLE or CONFIRMED: no tranche can be paid.' })
  paymentHold!: boolean;
  @Field(() => SanctionsScreening, { nullable: true }) lastScreening!: SanctionsScreening | null;
  @Field(() => [SanctionsMatch], { description: 'Every match, decided or not, oldest first.' })
  matches!: SanctionsMatch[];
}

@InputType()
export class DecideSanctionsMatchInput {
  @Field(() => String) matchId!: string;
  @Field(() => String, { description: 'Why: what was checked (date of birth, nationality, documents).' })
  @Length(3, 2000)
  reason!: string;
}

@ObjectType()
export class SanctionsMatchPayload {
  @Field(() => SanctionsMatch, { nullable: true }) match?: SanctionsMatch | null;
  @PayloadErrors(SANCTIONS_ERRORS) errors!: UserError[];
}
