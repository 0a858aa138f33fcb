export * from './env.js'
export * from './logger.js'
export * from './services.js'
export * from './cli.js'
