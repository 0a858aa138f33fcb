import type { FastifyInstance } from 'fastify'

/** A service process: listen, then close gracefully on SIGTERM/SIGINT (in-flight requests finish). */
export async function serve(app: FastifyInstance, opts: { host: string; port: number; internalSecretFromEnv: boolean }): Promise<void> {
  if (!opts.internalSecretFromEnv) {
    app.log.warn('INTERNAL_SECRET is not set: a random one is used, so only a gateway started with the same value can call this service')
  }
  await app.listen({ host: opts.host, port: opts.port })
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      app.log.info({ signal }, 'shutting down')
      app.close().then(
        () => process.exit(0),
        (err: unknown) => {
          app.log.error({ err }, 'shutdown failed')
          process.exit(1)
        },
      )
    })
  }
}
