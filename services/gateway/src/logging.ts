import type { FastifyRequest, FastifyServerOptions } from 'fastify'
import { loggerOptions, type LogConfig } from '@rpa-vision/config'

/** `?token=` (the browser login of /docs and /admin/queues) must not reach the request log. */
export function redactTokenParam(url: string): string {
  return url.replace(/([?&]token=)[^&#]*/gi, '$1[redacted]')
}

export function gatewayLoggerOptions(log: LogConfig): FastifyServerOptions['logger'] {
  return {
    ...loggerOptions('gateway', log),
    serializers: {
      req: (req: FastifyRequest) => ({
        method: req.method,
        url: redactTokenParam(req.url),
        host: req.host,
        remoteAddress: req.ip,
      }),
    },
  }
}
