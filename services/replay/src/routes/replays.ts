import { CreateReplayBody, CreateReplayResponse, IdParams, ListReplaysQuery, ReplayList, ReplaySession } from '@rpa-vision/contracts'
import type { App } from '@rpa-vision/http'
import { cancelReplay, createReplay, listReplays, readReplay } from '../domain/sessions.js'

export async function replayRoutes(app: App): Promise<void> {
  app.post('/api/v1/replays', { schema: { body: CreateReplayBody, response: { 201: CreateReplayResponse } } }, async (req, reply) => {
    const created = await createReplay(app.replay, app.workflowSource, { principal: req.principal, requestId: req.id }, req.body)
    return reply.status(201).send(created)
  })

  app.get('/api/v1/replays', { schema: { querystring: ListReplaysQuery, response: { 200: ReplayList } } }, async (req) =>
    listReplays(app.replay, req.principal, req.query),
  )

  app.get('/api/v1/replays/:id', { schema: { params: IdParams, response: { 200: ReplaySession } } }, async (req) =>
    readReplay(app.replay, req.principal, req.params.id),
  )

  app.post('/api/v1/replays/:id/cancel', { schema: { params: IdParams, response: { 200: ReplaySession } } }, async (req) =>
    cancelReplay(app.replay, { principal: req.principal, requestId: req.id }, req.params.id),
  )
}
