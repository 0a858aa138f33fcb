import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import Type from 'typebox'
import { CreatedToken, CreateTokenBody, ErrorEnvelope, IdParams, TokenList } from '@rpa-vision/contracts'
import { createToken, listTokens, revokeToken } from '../auth/token-store.js'

const ADMIN = { roles: ['admin'] as const }

export const tokenRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/v1/tokens', {
    config: ADMIN,
    schema: {
      summary: 'Create a token (shown once; only its hash is stored)',
      tags: ['tokens'],
      body: CreateTokenBody,
      response: { 201: CreatedToken, 400: ErrorEnvelope },
    },
  }, async (req, reply) => {
    const created = await createToken(app.db, req.body, { actor: req.principal, requestId: req.id })
    return reply.code(201).send(created)
  })

  app.get('/api/v1/tokens', {
    config: ADMIN,
    schema: { summary: 'List tokens (never their secrets)', tags: ['tokens'], response: { 200: TokenList } },
  }, async () => ({ items: await listTokens(app.db) }))

  app.delete('/api/v1/tokens/:id', {
    config: ADMIN,
    schema: { summary: 'Revoke a token', tags: ['tokens'], params: IdParams, response: { 204: Type.Null(), 404: ErrorEnvelope } },
  }, async (req, reply) => {
    await revokeToken(app.db, req.params.id, { actor: req.principal, requestId: req.id })
    app.authenticator.forget(req.params.id)
    return reply.code(204).send(null)
  })
}
