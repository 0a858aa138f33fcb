import type { FastifyInstance } from 'fastify'
import { migrateDb, openDb, type Db } from '@rpa-vision/db'

declare module 'fastify' {
  interface FastifyInstance {
    db: Db
  }
}

/** Applies pending migrations, then opens the pool that every route uses. */
export async function registerDb(app: FastifyInstance, databaseUrl: string): Promise<void> {
  await migrateDb(databaseUrl)
  const handle = openDb({ url: databaseUrl })
  app.decorate('db', handle.db)
  app.addHook('onClose', () => handle.close())
}
