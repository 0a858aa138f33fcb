import { readVisionWorkerConfig } from '@rpa-vision/config'
import { ensureDatabase, migrateDb } from '@rpa-vision/db'
import { serve } from '@rpa-vision/http'
import { buildApp } from './app.js'

const config = readVisionWorkerConfig()
await ensureDatabase(config.databaseUrl)
await migrateDb(config.databaseUrl)
const app = await buildApp(config)
// No service calls this one (it only consumes jobs): there is no internal secret to share.
await serve(app, { host: config.host, port: config.port, internalSecretFromEnv: true })
