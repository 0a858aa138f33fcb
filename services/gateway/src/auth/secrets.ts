import { createHash, randomBytes } from 'node:crypto'

export const TOKEN_PREFIX = 'rpa_'

/** 32 random bytes: shown once to whoever creates the token, never stored. */
export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url')
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}
