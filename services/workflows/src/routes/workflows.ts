import {
  CreateWorkflowBody, IdParams, ListWorkflowsQuery, ReplaceWorkflowBody, ReviewBody, Workflow, WorkflowList,
} from '@rpa-vision/contracts'
import type { App } from '@rpa-vision/http'
import {
  createWorkflow, deleteWorkflow, listWorkflows, prepareGraph, readWorkflow, replaceWorkflow, reviewWorkflow,
} from '../domain/workflow-store.js'
import type { WorkflowsAppConfig } from '../config.js'
import { actorOf } from './actor.js'

export async function workflowRoutes(app: App, opts: { config: WorkflowsAppConfig }): Promise<void> {
  const maxPixels = opts.config.imageMaxPixels

  app.post('/api/v1/workflows', { schema: { body: CreateWorkflowBody, response: { 201: Workflow } } }, async (req, reply) => {
    const body = req.body
    const prepared = await prepareGraph(body, maxPixels)
    const id = await createWorkflow(app.db, { ...body, source: body.source ?? 'manual' }, prepared, actorOf(req))
    return reply.status(201).send(await readWorkflow(app.db, id))
  })

  app.get('/api/v1/workflows', { schema: { querystring: ListWorkflowsQuery, response: { 200: WorkflowList } } }, async (req) =>
    listWorkflows(app.db, req.query),
  )

  app.get('/api/v1/workflows/:id', { schema: { params: IdParams, response: { 200: Workflow } } }, async (req) =>
    readWorkflow(app.db, req.params.id),
  )

  app.put('/api/v1/workflows/:id', { schema: { params: IdParams, body: ReplaceWorkflowBody, response: { 200: Workflow } } }, async (req) => {
    const prepared = await prepareGraph(req.body, maxPixels)
    await replaceWorkflow(app.db, req.params.id, req.body.version, req.body, prepared, actorOf(req))
    return readWorkflow(app.db, req.params.id)
  })

  app.delete('/api/v1/workflows/:id', { schema: { params: IdParams } }, async (req, reply) => {
    await deleteWorkflow(app.db, req.params.id, actorOf(req))
    return reply.status(204).send()
  })

  app.post('/api/v1/workflows/:id/review', { schema: { params: IdParams, body: ReviewBody, response: { 200: Workflow } } }, async (req) => {
    await reviewWorkflow(app.db, req.params.id, req.body, actorOf(req))
    return readWorkflow(app.db, req.params.id)
  })
}
