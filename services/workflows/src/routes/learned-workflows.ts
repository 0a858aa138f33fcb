import { LearnedWorkflowBody, Workflow } from '@rpa-vision/contracts'
import type { App } from '@rpa-vision/http'
import { parseSecretKey } from '@rpa-vision/secrets'
import { learnWorkflow, type LearnSettings } from '../domain/learn-workflow.js'
import { readWorkflow } from '../domain/workflow-store.js'
import type { WorkflowsAppConfig } from '../config.js'
import { actorOf } from './actor.js'

/** POST /api/v1/learned-workflows: a recorded trace in, a draft workflow (source learned, review pending) out. */
export async function learnedWorkflowRoutes(app: App, opts: { config: WorkflowsAppConfig }): Promise<void> {
  const { config } = opts
  const settings: LearnSettings = {
    db: app.db,
    jobs: app.learnJobs,
    // a malformed key stops the service at start, as in the replay service
    secretKey: config.secretKey ? parseSecretKey(config.secretKey) : undefined,
    imageMaxPixels: config.imageMaxPixels,
    screenshotTtlMs: config.screenshotTtlHours * 3_600_000,
    timeoutMs: config.learnTimeoutMs ?? 20_000,
  }

  app.post('/api/v1/learned-workflows', { schema: { body: LearnedWorkflowBody, response: { 201: Workflow } } }, async (req, reply) => {
    const started = performance.now()
    const { id, boxes, lookAlikes, ambiguousNodes } = await learnWorkflow(settings, req.body, actorOf(req))
    const workflow = await readWorkflow(app.db, id)
    const ms = Math.round(performance.now() - started)
    // anchors that still look like other places of their screen, even with context: the reviewer's to check
    const ambiguous = ambiguousNodes.length > 0 ? { ambiguous_nodes: ambiguousNodes } : {}
    req.log.info({ workflow: id, events: req.body.events.length, nodes: workflow.nodes.length, boxes, look_alikes: lookAlikes, ...ambiguous, ms }, 'workflow learned')
    return reply.status(201).send(workflow)
  })
}
