import { createServer, dbPlugin, registerInternalAuth, type App } from '@rpa-vision/http'
import type { WorkflowsAppConfig } from './config.js'
import { registerImageSweeper } from './plugins/image-sweeper.js'
import { registerLearnJobs } from './plugins/learn-jobs.js'
import { anchorRoutes } from './routes/anchors.js'
import { healthRoutes } from './routes/health.js'
import { learnedSecretRoutes } from './routes/learned-secrets.js'
import { learnedWorkflowRoutes } from './routes/learned-workflows.js'
import { nodeTypeRoutes } from './routes/node-types.js'
import { transferRoutes } from './routes/transfer.js'
import { workflowRoutes } from './routes/workflows.js'

export type { WorkflowsAppConfig }

/** The workflows service: reachable only through the gateway (shared internal secret). */
export async function buildApp(config: WorkflowsAppConfig): Promise<App> {
  // base64 inflates images by 4/3; the gateway enforces the public 10 MB limit
  const app = createServer({ service: 'workflows', log: config.log, bodyLimitBytes: 16 * 1024 * 1024 })
  registerInternalAuth(app, { secret: config.internalSecret, publicPaths: ['/health'] })
  await app.register(dbPlugin, { url: config.databaseUrl, migrate: true })
  registerImageSweeper(app, config.imageSweepIntervalMs ?? 10 * 60_000)
  registerLearnJobs(app, { redisUrl: config.redisUrl, queuePrefix: config.queuePrefix ?? 'rpa' })
  await app.register(healthRoutes)
  await app.register(nodeTypeRoutes)
  await app.register(workflowRoutes, { config })
  await app.register(transferRoutes, { config })
  await app.register(anchorRoutes, { config })
  await app.register(learnedWorkflowRoutes, { config })
  await app.register(learnedSecretRoutes)
  return app
}
