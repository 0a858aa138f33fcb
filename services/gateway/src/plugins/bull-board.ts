import { createBullBoard } from '@bull-board/api'
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter'
import type { HTTPStatus, IServerAdapter } from '@bull-board/api/typings/app'
import { FastifyAdapter } from '@bull-board/fastify'
import type { FastifyInstance } from 'fastify'
import { AppError } from '@rpa-vision/contracts'
import { UI_HELMET } from './security-headers.js'

const QUEUES_PREFIX = '/admin/queues'

/** The BullMQ dashboard: admin tokens only, by bearer header or by the cookie that `?token=` sets. */
export async function bullBoardPlugin(app: FastifyInstance): Promise<void> {
  const adapter = new FastifyAdapter()
  createBullBoard({
    queues: app.queues.map((q) => new BullMQAdapter(q)),
    // @bull-board/fastify 9.10.1 types itself against @bull-board/api 9.10.1: same shape, separate declarations.
    serverAdapter: adapter as unknown as IServerAdapter,
    options: { uiConfig: { boardTitle: 'RPA Vision queues' } },
  })
  // The board sets its own error handler on its routes: keep our envelope for the auth errors raised there.
  // Its status type lists fewer codes (no 401, 429) than it passes through to the reply.
  adapter.setErrorHandler((err: Error & { statusCode?: number }) => {
    const status = (err.statusCode ?? 500) as HTTPStatus
    const code = err instanceof AppError ? err.code : err.statusCode === 429 ? 'RATE_LIMITED' : 'INTERNAL'
    return { status, body: { error: { code, message: err.message } } }
  })
  adapter.setBasePath(QUEUES_PREFIX)
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, roles: ['admin'], browserPage: QUEUES_PREFIX, helmet: UI_HELMET }
  })
  await app.register(adapter.registerPlugin(), { prefix: QUEUES_PREFIX })
}
