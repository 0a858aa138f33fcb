export * from './databases.js'
export * from './images.js'
