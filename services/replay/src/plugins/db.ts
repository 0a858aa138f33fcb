import fp from 'fastify-plugin'
import type pg from 'pg'
import { migrateDb, openDb, type Db } from '@rpa-vision/db'

declare module 'fastify' {
  interface FastifyInstance {
    db: Db
    dbPool: pg.Pool
  }
}

/** Applies pending migrations, then opens the pool; the poll path uses the raw pool for its two prepared statements. */
export const dbPlugin = fp<{ url: string }>(
  async (app, opts) => {
    await migrateDb(opts.url)
    const handle = openDb({ url: opts.url, max: 20 })
    app.decorate('db', handle.db)
    app.decorate('dbPool', handle.pool)
    app.addHook('onClose', () => handle.close())
  },
  { name: 'db' },
)
