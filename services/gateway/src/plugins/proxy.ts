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
    const upstream = (name: UpstreamService) =>
      new Upstream({ name, origin: opts.services[name], internalSecret: opts.internalSecret, timeoutMs: opts.timeoutMs })
    const upstreams: Record<UpstreamService, Upstream> = {
      workflows: upstream('workflows'), replay: upstream('replay'), llm: upstream('llm'),
    }
    app.decorate('upstreams', upstreams)
    app.addHook('onClose', () => Promise.all(Object.values(upstreams).map((u) => u.close())).then(() => undefined))
  },
  { name: 'proxy' },
)
