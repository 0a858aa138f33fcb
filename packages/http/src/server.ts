import { randomUUID } from 'node:crypto'
import Fastify, {
  LogController,
  type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions, type RawReplyDefaultExpression,
  type RawRequestDefaultExpression, type RawServerDefault,
} from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { loggerOptions, type LogConfig } from '@rpa-vision/config'
import { REQUEST_ID_HEADER } from '@rpa-vision/contracts'
import { registerErrorEnvelope } from './errors.js'

export type App = FastifyInstance<
  RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider
>

export interface ServerOptions {
  service: string
  log: LogConfig | false
  bodyLimitBytes?: number
  trustProxy?: boolean
}

/** Every service starts from this: request ids, strict validation, the error envelope. */
export function createServer(opts: ServerOptions, extra: FastifyServerOptions = {}): App {
  const app = Fastify({
    logger: opts.log === false ? false : loggerOptions(opts.service, opts.log),
    requestIdHeader: REQUEST_ID_HEADER,
    // Health probes every few seconds would drown the log.
    logController: new LogController({ requestIdLogLabel: 'request_id', disableRequestLogging: (req) => req.url === '/health' }),
    genReqId: () => randomUUID(),
    bodyLimit: opts.bodyLimitBytes ?? 10 * 1024 * 1024,
    trustProxy: opts.trustProxy ?? false,
    // Unknown fields are refused, not silently dropped: a typo in a workflow must not vanish. A union tagged with a
    // discriminator is checked against its own branch only, so that its error names what is wrong with it.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false, discriminator: true } },
    ...extra,
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App
  app.addHook('onSend', async (req, reply) => {
    reply.header(REQUEST_ID_HEADER, req.id)
  })
  registerErrorEnvelope(app)
  return app
}
