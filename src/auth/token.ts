import { SignJWT, jwtVerify, errors } from 'jose';

const ISSUER = 'vtf-grants';
const AUDIENCE = 'vtf-grants-api';

export interface TokenClaims {
  sub: string;
  /** The session the token belongs to; refused once that session has ended. */
  sid: string;
}

export class TokenService {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    private readonly ttlSeconds: number,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  /** A short-lived access token of one session (`sid`). */
  async issue(userId: string, sessionId: string): Promise<{ token: string; expiresAt: Date }> {
    const iat = Math.floor(this.now().getTime() / 1000);
    const exp = iat + this.ttlSeconds;
    const token = await new SignJWT({ sid: sessionId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.key);
    return { token, expiresAt: new Date(exp * 1000) };
  }

  /** Returns the claims, or a reason the token is refused. */
  async verify(token: string): Promise<TokenClaims | { error: string }> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['HS256'],
        currentDate: this.now(),
      });
      if (typeof payload.sub !== 'string') return { error: 'Token has no subject.' };
      // Tokens from before sessions existed (no sid) cannot be revoked: refused, sign in again.
      if (typeof payload.sid !== 'string') return { error: 'Token has no session; sign in again.' };
      return { sub: payload.sub, sid: payload.sid };
    } catch (e) {
      if (e instanceof errors.JWTExpired) return { error: 'Token expired.' };
      return { error: 'Invalid token.' };
    }
  }
}
