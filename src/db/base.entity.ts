import { BigIntType, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from '../core/ids';

/** Time-ordered UUIDv7 keys make keyset pagination on `id` follow creation order. */
export abstract class BaseEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}

/** bigint column mapped to a JS bigint (MikroORM maps bigint to string by default). */
export const Minor = () => new BigIntType('bigint');
