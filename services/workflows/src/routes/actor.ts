import type { FastifyRequest } from 'fastify'
import type { Actor } from '../domain/workflow-store.js'

export const actorOf = (req: FastifyRequest): Actor => ({ id: req.principal.id, requestId: req.id })
