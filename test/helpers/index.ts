export * from './databases.js'
export * from './images.js'
export * from './screens.js'
export * from './ports.js'
