import { readWorkflowsConfig } from '@rpa-vision/config'
import { buildApp } from './app.js'

const config = readWorkflowsConfig()
const app = await buildApp(config)
await app.listen({ host: config.host, port: config.port })

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    app.log.info({ signal }, 'shutting down')
    app.close().then(() => process.exit(0), () => process.exit(1))
  })
}
