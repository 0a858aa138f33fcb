export * from './core/index.js'
export * from './llm/index.js'
export * from './run-decision.js'
