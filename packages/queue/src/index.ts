export * from './connection.js'
export * from './queues.js'
export * from './job-client.js'
