import { IdParams, Workflow, WorkflowBundle } from '@rpa-vision/contracts'
import type { App } from '@rpa-vision/http'
import { bundleToGraph, exportBundle } from '../domain/bundle.js'
import { createWorkflow, prepareGraph, readWorkflow } from '../domain/workflow-store.js'
import type { WorkflowsAppConfig } from '../config.js'
import { actorOf } from './actor.js'

export async function transferRoutes(app: App, opts: { config: WorkflowsAppConfig }): Promise<void> {
  app.get('/api/v1/workflows/:id/export', { schema: { params: IdParams, response: { 200: WorkflowBundle } } }, async (req, reply) => {
    const wf = await readWorkflow(app.db, req.params.id)
    const bundle = await exportBundle(app.db, wf)
    const file = wf.name.replace(/[^A-Za-z0-9_.-]+/g, '_').slice(0, 80) || 'workflow'
    reply.header('content-disposition', `attachment; filename="${file}.rpa.json"`)
    return bundle
  })

  app.post('/api/v1/workflows/import', { schema: { body: WorkflowBundle, response: { 201: Workflow } } }, async (req, reply) => {
    const graph = bundleToGraph(req.body)
    const prepared = await prepareGraph(graph, opts.config.imageMaxPixels)
    const id = await createWorkflow(app.db, { ...graph, source: 'import' }, prepared, actorOf(req))
    return reply.status(201).send(await readWorkflow(app.db, id))
  })
}
