import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

const ALGORITHM = 'aes-256-gcm'
const VERSION = 'v1'

/** The 32-byte key of REPLAY_SECRET_KEY, given as base64 or hex. */
export function parseSecretKey(text: string): Buffer {
  const trimmed = text.trim()
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64')
  if (key.length !== 32) throw new Error(`REPLAY_SECRET_KEY must be 32 bytes (base64 or 64 hex digits), got ${key.length} bytes`)
  return key
}

/** Seals a JSON value with AES-256-GCM: `v1.<iv>.<tag>.<ciphertext>`, base64url parts. */
export function sealSecrets(key: Buffer, value: Record<string, string>): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv(ALGORITHM, key, iv)
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()])
  return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.')
}

export class SecretsUnavailableError extends Error {
  override name = 'SecretsUnavailableError'
}

export function openSecrets(key: Buffer | undefined, sealed: string): Record<string, string> {
  if (!key) throw new SecretsUnavailableError('the session holds secrets but REPLAY_SECRET_KEY is not set')
  const [version, iv, tag, body] = sealed.split('.')
  if (version !== VERSION || !iv || !tag || body === undefined) throw new SecretsUnavailableError('the sealed secrets are malformed')
  try {
    const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(iv, 'base64url'))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    const text = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')
    return JSON.parse(text) as Record<string, string>
  } catch {
    throw new SecretsUnavailableError('the secrets cannot be decrypted: REPLAY_SECRET_KEY is not the key they were sealed with')
  }
}
