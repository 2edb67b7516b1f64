import type { Pledge } from './pledge.entity';

/**
 * The reference a donor quotes on a wire for a pledge: the fund's code and the last 10 hex digits
 * of the pledge's id (its random part; the leading digits of a UUIDv7 are a timestamp).
 */
export function pledgeReference(p: Pick<Pledge, 'id'>, fundCode: string): string {
  return `${fundCode}-P-${p.id.replace(/-/g, '').slice(-10).toUpperCase()}`;
}
