import cors from '@fastify/cors'
import fp from 'fastify-plugin'
import { REQUEST_ID_HEADER } from '@rpa-vision/contracts'

/**
 * Only the listed origins get an Access-Control-Allow-Origin header; with none listed, CORS is off.
 * Registered before auth: a preflight carries no token and is answered in the hook.
 */
export const corsPlugin = fp<{ origins: string[] }>(
  async (app, opts) => {
    await app.register(cors, {
      origin: opts.origins.length ? opts.origins : false,
      methods: ['GET', 'POST', 'PUT', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type', REQUEST_ID_HEADER],
      exposedHeaders: [REQUEST_ID_HEADER],
      credentials: false,
      maxAge: 600,
    })
  },
  { name: 'cors' },
)
