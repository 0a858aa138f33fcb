import fp from 'fastify-plugin'
import { createChatModel, type LlmConfig } from '@rpa-vision/t2a'
import { deciderFor, type Decider } from '@rpa-vision/t2a'

declare module 'fastify' {
  interface FastifyInstance {
    decider: Decider
  }
}

/** The provider of LLM_PROVIDER: the rules, or one model client (its connection pool) for the whole process. */
export const deciderPlugin = fp<{ llm: LlmConfig }>(
  async (app, opts) => {
    const model = opts.llm.provider === 'rules' ? undefined : createChatModel(opts.llm)
    app.decorate<Decider>('decider', deciderFor(opts.llm, model))
    if (model) app.addHook('onClose', () => model.close())
    app.log.info(
      opts.llm.provider === 'rules'
        ? { provider: 'rules' }
        : { provider: opts.llm.provider, base_url: opts.llm.baseUrl, model: opts.llm.model, max_attempts: opts.llm.maxAttempts },
      't2a decisions provider',
    )
  },
  { name: 'decider' },
)
