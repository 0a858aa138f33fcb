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

export class SecretsUnavailableError extends Error {
  override name = 'SecretsUnavailableError'
}

/** AES-256-GCM: `v1.<iv>.<tag>.<ciphertext>`, base64url parts; `context` (authenticated, not stored) binds it to its place. */
function seal(key: Buffer, plain: string, context?: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv(ALGORITHM, key, iv)
  if (context !== undefined) cipher.setAAD(Buffer.from(context, 'utf8'))
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
  return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.')
}

function open(key: Buffer | undefined, sealed: string, what: string, context?: string): string {
  if (!key) throw new SecretsUnavailableError(`${what} but REPLAY_SECRET_KEY is not set`)
  const [version, iv, tag, body] = sealed.split('.')
  if (version !== VERSION || !iv || !tag || body === undefined) throw new SecretsUnavailableError('the sealed secrets are malformed')
  try {
    const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(iv, 'base64url'))
    if (context !== undefined) decipher.setAAD(Buffer.from(context, 'utf8'))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')
  } catch {
    throw new SecretsUnavailableError('the secrets cannot be decrypted: REPLAY_SECRET_KEY is not the key they were sealed with')
  }
}

/** Seals a record of secret values (a replay session's). */
export function sealSecrets(key: Buffer, value: Record<string, string>): string {
  return seal(key, JSON.stringify(value))
}

export function openSecrets(key: Buffer | undefined, sealed: string): Record<string, string> {
  return JSON.parse(open(key, sealed, 'the session holds secrets')) as Record<string, string>
}

/** Where a recorded secret belongs: a sealed value moved to another workflow or variable no longer opens. */
export function recordedSecretContext(workflowId: string, variable: string): string {
  return `workflow:${workflowId}:secret:${variable}`
}

/** Seals one value, bound to `context` (e.g. recordedSecretContext). */
export function sealSecret(key: Buffer, value: string, context: string): string {
  return seal(key, value, context)
}

export function openSecret(key: Buffer | undefined, sealed: string, context: string): string {
  return open(key, sealed, 'a recorded secret is needed', context)
}
