import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { migrateDb } from '@rpa-vision/db'

/** The server tests run against; each test file gets its own fresh database on it. */
export const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

function withDatabase(url: string, name: string): string {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: TEST_PG_URL })
  await c.connect()
  try {
    return await fn(c)
  } finally {
    await c.end()
  }
}

export interface TestDatabase {
  url: string
  name: string
  drop(): Promise<void>
}

/** A new, migrated database: tests in parallel never see each other's rows. */
export async function createTestDatabase(opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = `rpa_t_${randomBytes(6).toString('hex')}`
  await admin((c) => c.query(`CREATE DATABASE "${name}"`))
  const url = withDatabase(TEST_PG_URL, name)
  if (opts.migrate !== false) await migrateDb(url)
  return {
    url,
    name,
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  }
}

/** A BullMQ key prefix of its own for each test file. */
export function testQueuePrefix(): string {
  return `rpa_t_${randomBytes(6).toString('hex')}`
}
