import 'reflect-metadata';
import {
  Authorized,
  buildSchema,
  Ctx,
  Field,
  FieldResolver,
  ID,
  ObjectType,
  Query,
  Resolver,
  Root,
  UseMiddleware,
  type MiddlewareFn,
} from 'type-graphql';
import { graphql, type GraphQLSchema } from 'graphql';
import { directPropertyFields, plainFieldOf, plainPropertyFields } from '../src/compiled-reads/plain-fields';

/**
 * Which fields the compiled reads answer from the row is found through the built schema only: a
 * field is plain when its resolver reads one property of the row and touches nothing else. These
 * cases are what a change to an entity's fields can bring.
 */

const calls: string[] = [];
const logged: MiddlewareFn = async ({ info }, next) => {
  calls.push(info.fieldName);
  return next();
};

@ObjectType()
class Thing {
  @Field(() => ID, { name: 'id' })
  nodeId!: string;

  @Field()
  title!: string;

  @Field(() => String, { nullable: true })
  note!: string | null;

  @Authorized()
  @Field()
  secret!: string;

  @UseMiddleware(logged)
  @Field()
  audited!: string;

  @Field()
  status!: string;

  @Field()
  get shout(): string {
    return this.title.toUpperCase();
  }
}

@Resolver(() => Thing)
class ThingResolver {
  @Query(() => Thing)
  thing(): Thing {
    return Object.assign(new Thing(), {
      nodeId: 't1',
      title: 'hello',
      note: null,
      secret: 's',
      audited: 'a',
      status: 'DRAFT',
    });
  }

  // Same name as a property, but computed: must keep its resolver.
  @FieldResolver(() => String)
  status(@Root() t: Thing, @Ctx() ctx: { now: string }): string {
    return `${t.status}@${ctx.now}`;
  }

  @FieldResolver(() => String)
  echo(@Root() t: Thing): string {
    return t.title;
  }
}

async function schemaWith(globalMiddlewares: MiddlewareFn[] = []): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [ThingResolver],
    authChecker: ({ context }) => Boolean((context as { user?: string }).user),
    authMode: 'error',
    globalMiddlewares,
    validate: false,
  });
}

describe('plain fields of the compiled reads', () => {
  it('are the fields that read one property; roles, middlewares, getters and field resolvers keep their resolver', async () => {
    const schema = await schemaWith();
    expect(directPropertyFields(schema, ['Thing'])).toBe(3);
    expect(Object.fromEntries(plainPropertyFields.get('Thing')!)).toEqual({
      id: 'nodeId',
      title: 'title',
      note: 'note',
    });

    // The replaced resolvers answer the same; the others still run their checks.
    calls.length = 0;
    const res = await graphql({
      schema,
      source: '{ thing { id title note shout status echo audited secret } }',
      contextValue: { now: 'noon' },
    });
    expect(res.data).toBeNull(); // thing is non-null: the refused secret nulls the whole answer
    expect(res.errors?.map((e) => e.path?.join('.'))).toEqual(['thing.secret']);
    expect(calls).toEqual(['audited']);
    const signedIn = await graphql({
      schema,
      source: '{ thing { id title note shout status echo audited secret } }',
      contextValue: { now: 'noon', user: 'u' },
    });
    expect(signedIn.errors).toBeUndefined();
    expect(signedIn.data?.thing).toEqual({
      id: 't1',
      title: 'hello',
      note: null,
      shout: 'HELLO',
      status: 'DRAFT@noon',
      echo: 'hello',
      audited: 'a',
      secret: 's',
    });
  });

  it('finds none under a global middleware, which the compiled reads would skip', async () => {
    const schema = await schemaWith([logged]);
    expect(directPropertyFields(schema, ['Thing'])).toBe(0);
    expect(plainPropertyFields.get('Thing')?.size).toBe(0);
  });

  it('refuses resolvers that touch the context, the arguments or more than one property', () => {
    expect(plainFieldOf((row: any) => row.a)).toBe('a');
    expect(plainFieldOf((row: any) => row.a ?? row.b)).toBeNull();
    expect(plainFieldOf((row: any) => row.a || 'none')).toBeNull();
    expect(plainFieldOf((row: any, _args, ctx: any) => (ctx.actor ? row.a : null))).toBeNull();
    expect(plainFieldOf((row: any, args: any) => row[args.key])).toBeNull();
    expect(plainFieldOf(async (row: any) => row.a)).toBeNull();
    expect(plainFieldOf((row: any) => String(row.a))).toBeNull();
    expect(plainFieldOf((row: any, _a, _c, info: any) => row[info.fieldName])).toBeNull();
  });
});
