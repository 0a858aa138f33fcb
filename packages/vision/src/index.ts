export * from './types.js'
export * from './image.js'
