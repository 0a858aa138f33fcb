import fp from 'fastify-plugin'
import type { UpstreamService } from '@rpa-vision/contracts'
import { Upstream } from '../proxy/upstream.js'

declare module 'fastify' {
  interface FastifyInstance {
    upstreams: Record<UpstreamService, Upstream>
  }
}

export interface ProxyOptions {
  services: Record<UpstreamService, string>
  internalSecret: string
  timeoutMs: number
}

/** One undici pool per internal service, closed with the app. */
export const proxyPlugin = fp<ProxyOptions>(
  async (app, opts) => {
    const upstreams = {
      workflows: new Upstream({ name: 'workflows', origin: opts.services.workflows, internalSecret: opts.internalSecret, timeoutMs: opts.timeoutMs }),
    }
    app.decorate('upstreams', upstreams)
    app.addHook('onClose', () => Promise.all(Object.values(upstreams).map((u) => u.close())).then(() => undefined))
  },
  { name: 'proxy' },
)
