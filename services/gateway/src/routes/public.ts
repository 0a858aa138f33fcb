import type { FastifyInstance } from 'fastify'
import { PUBLIC_ROUTES } from '@rpa-vision/contracts'

/** The contract's route table, validated and documented here, answered by the service that owns each route. */
export async function publicRoutes(app: FastifyInstance): Promise<void> {
  for (const route of PUBLIC_ROUTES) {
    const upstream = app.upstreams[route.service]
    app.route({
      method: route.method,
      url: route.url,
      config: { roles: route.roles },
      schema: { ...route.schema, summary: route.summary, tags: route.tags },
      handler: (req, reply) => upstream.forward(req, reply, route.url),
    })
  }
}
