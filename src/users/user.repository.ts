import type { FilterQuery } from '@mikro-orm/core';
import type { User } from './user.entity';

/** The users an administrator's search finds: part of the e-mail address or the name, any case. */
export function usersMatching(search: string | null | undefined): FilterQuery<User> {
  const text = search?.trim() ?? '';
  if (!text) return {};
  // LIKE's wildcards in the text are searched for as themselves.
  const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return { $or: [{ email: { $ilike: like } }, { displayName: { $ilike: like } }] };
}
