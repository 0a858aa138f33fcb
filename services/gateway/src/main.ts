import { readGatewayConfig } from '@rpa-vision/config'
import { ensureDatabase, migrateDb } from '@rpa-vision/db'
import { buildApp } from './app.js'

const config = readGatewayConfig()
await ensureDatabase(config.databaseUrl)
await migrateDb(config.databaseUrl)
const app = await buildApp(config)
if (!config.apiToken) app.log.warn('RPA_API_TOKEN is not set: no admin token exists until one is created in the database')
await app.listen({ host: config.host, port: config.port })

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    app.log.info({ signal }, 'shutting down')
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        app.log.error({ err }, 'shutdown failed')
        process.exit(1)
      },
    )
  })
}
