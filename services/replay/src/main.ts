import { readReplayConfig } from '@rpa-vision/config'
import { ensureDatabase } from '@rpa-vision/db'
import { serve } from '@rpa-vision/http'
import { buildApp } from './app.js'

const config = readReplayConfig()
await ensureDatabase(config.databaseUrl)
const app = await buildApp(config)
await serve(app, { host: config.host, port: config.port, internalSecretFromEnv: config.internalSecretFromEnv })
