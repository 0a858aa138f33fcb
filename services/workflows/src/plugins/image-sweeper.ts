import type { FastifyInstance } from 'fastify'
import { deleteExpiredImages } from '@rpa-vision/db'

/** Removes expired transient screenshots periodically; several instances sweeping at once is harmless. */
export function registerImageSweeper(app: FastifyInstance, everyMs: number): void {
  const sweep = async () => {
    try {
      const removed = await deleteExpiredImages(app.db)
      if (removed) app.log.info({ removed }, 'expired images removed')
    } catch (err) {
      app.log.warn({ err }, 'image sweep failed')
    }
  }
  const timer = setInterval(sweep, everyMs)
  timer.unref()
  app.addHook('onClose', async () => clearInterval(timer))
}
