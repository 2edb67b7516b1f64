import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Connection } from '../graphql/relay';
import { AuditEvent } from './audit-event.entity';
import { AuditFailure } from './checkpoint';

registerEnumType(AuditFailure, { name: 'AuditFailure', description: 'Why an audit-trail verification failed.' });

export const AuditEventConnection = Connection(AuditEvent);

@InputType()
export class AuditEventFilter {
  @Field(() => String, { nullable: true }) entityType?: string;
  @Field(() => String, { nullable: true, description: 'Database id or global id of the entity.' }) entityId?: string;
  @Field(() => String, { nullable: true, description: 'Global id of the acting user.' }) actorId?: string;
  @Field(() => String, { nullable: true }) action?: string;
  @Field(() => String, { nullable: true, description: 'Global id of a fund.' }) fundId?: string;
  @Field(() => Date, { nullable: true }) from?: Date;
  @Field(() => Date, { nullable: true }) to?: Date;
}

@ObjectType()
export class AuditVerification {
  @Field(() => Boolean) ok!: boolean;
  @Field(() => Int, { description: 'Events recomputed.' }) checked!: number;
  @Field(() => String, { nullable: true, description: 'Sequence of the first event whose link is broken.' })
  firstBrokenSequence!: string | null;
  @Field(() => String, { nullable: true }) lastSequence!: string | null;
  @Field(() => String, { nullable: true }) lastHash!: string | null;
  @Field(() => String, { description: 'First sequence recomputed: 1 for a full run, the checkpoint otherwise.' })
  fromSequence!: string;
  @Field(() => AuditFailure, { nullable: true }) failure!: AuditFailure | null;
  @Field(() => String, { description: 'One sentence for a human.' }) message!: string;
  @Field(() => String, {
    nullable: true,
    description:
      'Sequence of the stored checkpoint (AUDIT_CHECKPOINT_DIR) the chain was anchored to; null when none was used.',
  })
  anchoredSequence!: string | null;
}

@ObjectType({
  description:
    'A signed statement of the chain head. `signature` is Ed25519 (base64url) over `signedPayload`, the RFC 8785 ' +
    'canonical JSON of { sequence, hash, signedAt, keyId }; check it with `auditSigningKey`.',
})
export class AuditCheckpoint {
  @Field(() => String) sequence!: string;
  @Field(() => String) hash!: string;
  @Field(() => String, { description: 'ISO 8601 time of signing, exactly as signed.' }) signedAt!: string;
  @Field(() => String) keyId!: string;
  @Field(() => String) signature!: string;
  @Field(() => String) signedPayload!: string;
}

@ObjectType({
  description:
    'A checkpoint written to AUDIT_CHECKPOINT_DIR (by the scheduled job or at once after a decision), with what it ' +
    'says about the chain now.',
})
export class StoredAuditCheckpoint extends AuditCheckpoint {
  @Field(() => String, { description: 'Sequence of the checkpoint stored before this one ("0" for the first).' })
  previousSequence!: string;
  @Field(() => Boolean, { description: "True when the signature verifies with this server's signing key." })
  signedByThisServer!: boolean;
  @Field(() => Boolean, {
    description: 'True when the event at `sequence` still has `hash` (false: rewritten or removed since).',
  })
  matchesChain!: boolean;
}

@InputType({ description: 'A checkpoint as returned by `auditCheckpoint`.' })
export class CheckpointInput {
  @Field(() => String) sequence!: string;
  @Field(() => String) hash!: string;
  @Field(() => String) signedAt!: string;
  @Field(() => String) keyId!: string;
  @Field(() => String) signature!: string;
}

@ObjectType({ description: 'The public half of the key that signs checkpoints.' })
export class AuditSigningKey {
  @Field(() => String) keyId!: string;
  @Field(() => String) algorithm!: string;
  @Field(() => String, { description: 'SPKI PEM.' }) publicKeyPem!: string;
  @Field(() => GraphQLJSONObject, { description: 'JWK (OKP, Ed25519).' }) publicKeyJwk!: Record<string, unknown>;
  @Field(() => Boolean, { description: 'True when generated at start-up (development/test only).' })
  ephemeral!: boolean;
}
