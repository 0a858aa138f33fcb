export * from './screen-driver.js'
export * from './client/index.js'
