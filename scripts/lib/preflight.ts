import { ensureDatabase, openDb, pingDb } from '@rpa-vision/db'
import { createRedis, pingRedis } from '@rpa-vision/queue'

/** A prerequisite is missing; the message says which variable points at it. */
export class PreflightError extends Error {
  override name = 'PreflightError'
}

/** The URL without its password, fit for a message. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return '(an unparsable URL)'
  }
}

interface PgFailure {
  code?: string
  message?: string
  cause?: PgFailure
}

/** drizzle wraps the driver's error; the server's reason is underneath. */
function rootCause(err: unknown): PgFailure {
  let e = err as PgFailure
  while (e.cause) e = e.cause
  return e
}

function reason(err: unknown): string {
  const e = rootCause(err)
  return (e.message || e.code || String(err)).replace(/\.$/, '')
}

/** A five-character SQLSTATE means the server answered; anything else is the network. */
function serverAnswered(err: unknown): boolean {
  return /^[0-9A-Z]{5}$/.test(rootCause(err).code ?? '')
}

/** Connects to DATABASE_URL; creates its database when the server answers that it does not exist. */
export async function checkPostgres(url: string): Promise<'exists' | 'created'> {
  const handle = openDb({ url, max: 1 })
  try {
    await pingDb(handle.db)
    return 'exists'
  } catch (err) {
    if (rootCause(err).code !== '3D000') {
      throw new PreflightError(
        serverAnswered(err)
          ? `PostgreSQL at ${redactUrl(url)} (DATABASE_URL) refused the connection: ${reason(err)}. Check the user, password and database in DATABASE_URL.`
          : `PostgreSQL is not reachable at ${redactUrl(url)} (DATABASE_URL): ${reason(err)}. Start PostgreSQL, or point DATABASE_URL at a running server.`,
      )
    }
  } finally {
    await handle.close()
  }
  try {
    await ensureDatabase(url)
    return 'created'
  } catch (err) {
    throw new PreflightError(`the database of DATABASE_URL (${redactUrl(url)}) does not exist and could not be created: ${reason(err)}`)
  }
}

export async function checkRedis(url: string): Promise<void> {
  const redis = createRedis(url, { lazyConnect: true, retryStrategy: () => null, connectTimeout: 3000, enableOfflineQueue: false })
  let socketError: unknown
  // connect() only says "Connection is closed"; the reason comes as an event
  redis.on('error', (err) => (socketError ??= err))
  try {
    await redis.connect()
    await pingRedis(redis, 3000)
  } catch (err) {
    throw new PreflightError(
      `Redis is not reachable at ${redactUrl(url)} (REDIS_URL): ${reason(socketError ?? err)}. Start Redis (redis-server), or point REDIS_URL at a running server.`,
    )
  } finally {
    redis.disconnect()
  }
}
