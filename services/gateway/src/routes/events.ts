import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { AppError, ErrorEnvelope, EventsQuery, replayEventsChannel } from '@rpa-vision/contracts'
import { EventHub, type EventSocket } from '../events/event-hub.js'

type ServerSocket = EventSocket & { on(event: 'close', listener: () => void): void }

/** GET /api/v1/events: the replay events a token may see, one JSON text message each, over a WebSocket. */
export const eventRoutes: FastifyPluginAsyncTypebox<{ queuePrefix: string }> = async (app, opts) => {
  const hub = new EventHub(app.redis.duplicate(), replayEventsChannel(opts.queuePrefix), app.log)
  app.addHook('onClose', async () => hub.close())

  app.route({
    method: 'GET',
    url: '/api/v1/events',
    config: { roles: ['admin', 'author', 'agent'], queryToken: true },
    schema: {
      summary: 'Stream replay events (WebSocket)',
      description:
        'Upgrade to a WebSocket, with the token as `Authorization: Bearer` or `?token=`. The first message is ' +
        '`{"type":"hello","subscribed":{"agent_id","session_id"}}` (null: not restricted), sent once events flow; every ' +
        'later one is a replay event. An agent token sees only its own agent\'s events. A client more than 1 MB behind ' +
        'is closed with code 1013; a gateway shutting down closes with 1001.',
      tags: ['replay'],
      querystring: EventsQuery,
      response: { 401: ErrorEnvelope, 403: ErrorEnvelope, 426: ErrorEnvelope },
    },
    handler: async () => {
      throw new AppError(426, 'UPGRADE_REQUIRED', 'GET /api/v1/events is a WebSocket: send Connection: Upgrade')
    },
    wsHandler: async (socket: ServerSocket, req) => {
      const filter = { principal: req.principal, sessionId: req.query.session_id ?? null }
      hub.add(socket, filter)
      socket.on('close', () => hub.remove(socket))
      await hub.subscribed
      const agentId = req.principal.role === 'agent' ? req.principal.agentId : null
      socket.send(JSON.stringify({ type: 'hello', subscribed: { agent_id: agentId, session_id: filter.sessionId } }))
    },
  })
}
