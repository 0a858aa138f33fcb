import { readGatewayConfig } from '@rpa-vision/config'
import { ensureDatabase, migrateDb } from '@rpa-vision/db'
import { serve } from '@rpa-vision/http'
import { buildApp } from './app.js'

const config = readGatewayConfig()
await ensureDatabase(config.databaseUrl)
await migrateDb(config.databaseUrl)
const app = await buildApp(config)
if (!config.apiToken) app.log.warn('RPA_API_TOKEN is not set: no admin token exists until one is created in the database')
await serve(app, { host: config.host, port: config.port, internalSecretFromEnv: config.internalSecretFromEnv })
