import { readLlmWorkerConfig } from '@rpa-vision/config'
import { ensureDatabase, migrateDb } from '@rpa-vision/db'
import { serve } from '@rpa-vision/http'
import { buildApp } from './app.js'

const config = readLlmWorkerConfig()
await ensureDatabase(config.databaseUrl)
await migrateDb(config.databaseUrl)
const app = await buildApp(config)
await serve(app, { host: config.host, port: config.port, internalSecretFromEnv: config.internalSecretFromEnv })
