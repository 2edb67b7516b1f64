import { Entity, Index } from '@mikro-orm/core';
import { UserToken } from '../auth/user-token.entity';

/**
 * A link that proves an e-mail address, sent at registration and on request: single use
 * (`usedAt`), expiring; only the SHA-256 digest of its token is stored (as for password resets).
 */
@Entity({ tableName: 'email_verification' })
@Index({ properties: ['user'] })
export class EmailVerification extends UserToken {}
