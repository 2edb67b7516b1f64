import { hash, verify, Algorithm } from '@node-rs/argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import { DomainError, ErrorCode } from '../core/errors';

const strength = new ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs });

export const MIN_PASSWORD_LENGTH = 10;

export function assertStrongPassword(password: string, userInputs: string[] = [], field = 'password'): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new DomainError(ErrorCode.WEAK_PASSWORD, `Use at least ${MIN_PASSWORD_LENGTH} characters.`, field);
  }
  if (password.length > 256) throw new DomainError(ErrorCode.WEAK_PASSWORD, 'Use at most 256 characters.', field);
  const result = strength.check(password, userInputs);
  if (result.score < 3) {
    const hint = result.feedback.warning || 'Add more words or characters that are hard to guess.';
    throw new DomainError(ErrorCode.WEAK_PASSWORD, `Password is too easy to guess. ${hint}`, field);
  }
}

/** argon2id with the OWASP-recommended parameters (19 MiB, 2 iterations). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
}

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  try {
    return await verify(hashed, password);
  } catch {
    return false;
  }
}

// Verified against for unknown users, so both paths take the same time.
let dummyHash: Promise<string> | null = null;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('not-a-real-password-placeholder');
  return dummyHash;
}
