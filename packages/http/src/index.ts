export * from './server.js'
export * from './errors.js'
export * from './internal-auth.js'
export * from './serve.js'
