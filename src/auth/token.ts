import { SignJWT, jwtVerify, errors } from 'jose';

const ISSUER = 'vtf-grants';
const AUDIENCE = 'vtf-grants-api';

export interface TokenClaims {
  sub: string;
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

  async issue(userId: string): Promise<{ token: string; expiresAt: Date }> {
    const iat = Math.floor(this.now().getTime() / 1000);
    const exp = iat + this.ttlSeconds;
    const token = await new SignJWT({})
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
      return { sub: payload.sub };
    } catch (e) {
      if (e instanceof errors.JWTExpired) return { error: 'Token expired.' };
      return { error: 'Invalid token.' };
    }
  }
}
