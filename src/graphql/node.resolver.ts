import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { EntityClass } from '@mikro-orm/core';
import type { Actor } from '../auth/actor';
import { authorize, Decision } from '../auth/policy';
import type { Context } from './context';
import { Node, parseGlobalId } from './relay';

interface NodeType {
  entity: EntityClass<object>;
  /** Loads by database id; defaults to the per-request by-id loader. */
  load?: (ctx: Context, id: string) => Promise<object | null>;
  canRead: (actor: Actor | null, entity: never, ctx: Context) => Decision | Promise<Decision>;
}

const registry = new Map<string, NodeType>();

/** Makes a type fetchable through `node(id)` with the read policy of that type. */
export function registerNodeType<T extends object>(
  name: string,
  entity: EntityClass<T>,
  canRead: (actor: Actor | null, entity: T, ctx: Context) => Decision | Promise<Decision>,
  load?: (ctx: Context, id: string) => Promise<T | null>,
): void {
  registry.set(name, { entity: entity as EntityClass<object>, canRead: canRead as NodeType['canRead'], load });
}

export function nodeTypeNames(): string[] {
  return [...registry.keys()];
}

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Any object by its global id, if the caller may read it.' })
  async node(@Arg('id', () => ID) gid: string, @Ctx() ctx: Context): Promise<Node | null> {
    const { type, id } = parseGlobalId(gid);
    const t = registry.get(type);
    if (!t) return null;
    const row = t.load
      ? await t.load(ctx, id)
      : await ctx.loaders.byId(t.entity as EntityClass<{ id: string }>).load(id);
    if (!row) return null;
    authorize(await t.canRead(ctx.actor, row as never, ctx));
    return row as unknown as Node;
  }
}
