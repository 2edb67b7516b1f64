import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { acting, type Context } from '../graphql/context';
import { payload } from '../graphql/errors';
import { Document } from './document.entity';
import { DocumentSlot } from './document-slots';
import { signedDownloadPath } from './download-link';
import { attachDocument, listDocuments } from './document.service';
import { AttachDocumentInput, DocumentPayload } from './document.types';

@Resolver(() => Document)
export class DocumentResolver {
  @Authorized()
  @Query(() => [Document], {
    description:
      'The attached documents of an organisation, application or report (every version), for whoever may read it.',
  })
  documents(
    @Arg('ownerId', () => ID) ownerId: string,
    @Arg('slot', () => DocumentSlot, { nullable: true }) slot: DocumentSlot | null,
    @Ctx() ctx: Context,
  ): Promise<Document[]> {
    return listDocuments(ctx.em, ctx.actor, ownerId, slot);
  }

  @Authorized()
  @Mutation(() => DocumentPayload, {
    description: 'Attaches a file sent to POST /uploads to its owner; its SHA-256 goes into the audit trail.',
  })
  attachDocument(@Arg('input') input: AttachDocumentInput, @Ctx() ctx: Context): Promise<DocumentPayload> {
    return payload(() => attachDocument(acting(ctx), input));
  }

  @FieldResolver(() => String, {
    description:
      'A signed link to the content for the caller, valid for DOWNLOAD_LINK_TTL_SECONDS (Content-Disposition: attachment).',
  })
  downloadUrl(@Root() d: Document, @Ctx() ctx: Context): string {
    const { config, clock } = ctx.app;
    const expires = new Date(clock.now().getTime() + config.DOWNLOAD_LINK_TTL_SECONDS * 1000);
    return signedDownloadPath(config.jwtSecret, d.nodeId, ctx.actor?.userId ?? '', expires);
  }
}
