import type { FastifyError, FastifyInstance } from 'fastify'
import { AppError } from '@rpa-vision/contracts'

interface AjvError {
  instancePath: string
  keyword: string
  message?: string
  params: Record<string, unknown>
}

/** "/nodes/0/anchor" → "nodes[0].anchor" */
function fieldPath(context: string, instancePath: string): string {
  const parts = instancePath.split('/').filter(Boolean).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
  let out = context
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : `.${p}`
  return out
}

export function describeValidationError(context: string, e: AjvError): string {
  const field = fieldPath(context, e.instancePath)
  if (e.keyword === 'required') return `${field}.${String(e.params.missingProperty)} is required`
  if (e.keyword === 'additionalProperties') return `${field} has unknown property "${String(e.params.additionalProperty)}"`
  return `${field} ${e.message ?? 'is invalid'}`
}

/** One envelope for every error: {error: {code, message}}. */
export function registerErrorEnvelope(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError | Error, req, reply) => {
    if (err instanceof AppError) {
      return reply.status(err.statusCode).send({ error: { code: err.code, message: err.message } })
    }
    const fe = err as FastifyError & { validation?: AjvError[]; validationContext?: string }
    if (fe.validation?.length) {
      const message = describeValidationError(fe.validationContext ?? 'body', fe.validation[0]!)
      return reply.status(400).send({ error: { code: 'VALIDATION_ERROR', message } })
    }
    const status = fe.statusCode ?? 500
    if (status === 413) {
      return reply.status(413).send({ error: { code: 'PAYLOAD_TOO_LARGE', message: 'request body is larger than the limit' } })
    }
    if (status === 429) {
      return reply.status(429).send({ error: { code: 'RATE_LIMITED', message: err.message || 'too many requests' } })
    }
    if (status >= 400 && status < 500) {
      const code = (fe.code ?? 'BAD_REQUEST').replace(/^FST_ERR_/, '').replace(/[^A-Z0-9_]/g, '_') || 'BAD_REQUEST'
      return reply.status(status).send({ error: { code, message: err.message } })
    }
    req.log.error({ err }, 'unhandled error')
    return reply.status(500).send({ error: { code: 'INTERNAL', message: 'internal error; see the server log with this request id' } })
  })
  app.setNotFoundHandler((req, reply) => {
    reply.status(404).send({ error: { code: 'NOT_FOUND', message: `no route ${req.method} ${req.url.split('?')[0]}` } })
  })
}
