import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { UI_HELMET } from './security-headers.js'

const DOCS_PREFIX = '/docs'

/** Collects every route's schema; registered before the routes so that it sees them all. */
export const openapiPlugin = fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'RPA Vision API',
          version: '1',
          description:
            'Every route takes `Authorization: Bearer <token>` except `GET /health`. A browser opens ' +
            '`/docs?token=<token>` (or `/admin/queues?token=<admin token>`) once; the token then travels in an HttpOnly cookie.',
        },
        components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
        security: [{ bearer: [] }],
      },
    })
  },
  { name: 'openapi' },
)

/** swagger-ui at /docs (JSON at /docs/json), for the same roles as any route, with the page CSP. */
export async function docsUiPlugin(app: FastifyInstance): Promise<void> {
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, browserPage: DOCS_PREFIX, helmet: UI_HELMET }
  })
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX })
}
