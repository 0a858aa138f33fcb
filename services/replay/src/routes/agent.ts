import { NextBody, NextResponse, ResultBody, ResultResponse } from '@rpa-vision/contracts'
import type { App } from '@rpa-vision/http'
import { nextAction } from '../domain/poll.js'
import { recordResult } from '../domain/results.js'

/** The agent protocol: both answer from the database at once; nothing here waits on a worker. */
export async function agentRoutes(app: App): Promise<void> {
  app.post('/api/v1/replay/next', { schema: { body: NextBody, response: { 200: NextResponse } } }, async (req) =>
    nextAction(app.replay, req.principal, req.body),
  )

  app.post('/api/v1/replay/result', { schema: { body: ResultBody, response: { 200: ResultResponse } } }, async (req) =>
    recordResult(app.replay, req.principal, req.body),
  )
}
