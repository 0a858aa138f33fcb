import fp from 'fastify-plugin'
import { closeEngines, openEngines, type Engines } from '../engines.js'

declare module 'fastify' {
  interface FastifyInstance {
    engines: Engines
  }
}

export interface EnginesOptions {
  ocrWorkers: number
  uiDetrModel: string | undefined
  /** engines made by the caller (tests); closed with the app all the same */
  given?: Engines | undefined
}

/** The OCR pool and the detector, once per process. */
export const enginesPlugin = fp<EnginesOptions>(
  async (app, opts) => {
    const engines = opts.given ?? (await openEngines(opts))
    app.decorate('engines', engines)
    app.addHook('onClose', () => closeEngines(engines))
  },
  { name: 'engines' },
)
