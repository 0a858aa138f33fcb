import fp from 'fastify-plugin'
import type pg from 'pg'
import { migrateDb, openDb, type Db } from '@rpa-vision/db'

declare module 'fastify' {
  interface FastifyInstance {
    db: Db
    /** the same pool, for prepared statements on a hot path */
    dbPool: pg.Pool
  }
}

export interface DbPluginOptions {
  url: string
  /** connections in the pool (10 when not given) */
  max?: number
  /** apply pending migrations first (a service that owns tables); otherwise main.ts does */
  migrate?: boolean
}

/** The service's PostgreSQL pool, closed with the app. */
export const dbPlugin = fp<DbPluginOptions>(
  async (app, opts) => {
    if (opts.migrate) await migrateDb(opts.url)
    const handle = openDb({ url: opts.url, ...(opts.max ? { max: opts.max } : {}) })
    app.decorate('db', handle.db)
    app.decorate('dbPool', handle.pool)
    app.addHook('onClose', () => handle.close())
  },
  { name: 'db' },
)
