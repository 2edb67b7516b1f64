import { Length, Matches, IsOptional } from 'class-validator';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { PayloadErrors, type UserError } from '../graphql/errors';
import { DOCUMENT_ERRORS } from './document.errors';
import { Document } from './document.entity';
import { DocumentSlot, REQUIREMENT_NAME } from './document-slots';

@InputType({ description: 'Attaches an upload (POST /uploads) to the slot and owner it was uploaded for.' })
export class AttachDocumentInput {
  @Field(() => ID, { description: 'The id POST /uploads answered.' }) @Length(1, 200) documentId!: string;
  @Field(() => ID, { description: 'Global id of the organisation, application or report.' })
  @Length(1, 200)
  ownerId!: string;
  @Field(() => DocumentSlot) slot!: DocumentSlot;
  @Field(() => String, {
    nullable: true,
    description: "The call's required-document name (APPLICATION_CALL_DOCUMENT).",
  })
  @IsOptional()
  @Matches(REQUIREMENT_NAME)
  requirement?: string | null;
}

@ObjectType()
export class DocumentPayload {
  @Field(() => Document, { nullable: true }) document?: Document | null;
  @PayloadErrors(DOCUMENT_ERRORS) errors!: UserError[];
}
