import fp from 'fastify-plugin'
import { openDb, type Db } from '@rpa-vision/db'

declare module 'fastify' {
  interface FastifyInstance {
    db: Db
  }
}

/** The gateway's PostgreSQL pool (tokens and audit log); migrations are main.ts's job. */
export const dbPlugin = fp<{ url: string }>(
  async (app, opts) => {
    const handle = openDb({ url: opts.url })
    app.decorate('db', handle.db)
    app.addHook('onClose', () => handle.close())
  },
  { name: 'db' },
)
