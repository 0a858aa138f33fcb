export * from './screen-driver.js'
export * from './record/index.js'
