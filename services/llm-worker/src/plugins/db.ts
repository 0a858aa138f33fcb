import fp from 'fastify-plugin'
import { openDb, type Db } from '@rpa-vision/db'

declare module 'fastify' {
  interface FastifyInstance {
    db: Db
  }
}

/** Decisions are stored in PostgreSQL; migrations are main.ts's job. */
export const dbPlugin = fp<{ url: string; max: number }>(
  async (app, opts) => {
    const handle = openDb({ url: opts.url, max: opts.max })
    app.decorate('db', handle.db)
    app.addHook('onClose', () => handle.close())
  },
  { name: 'db' },
)
