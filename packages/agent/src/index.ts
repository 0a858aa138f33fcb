export * from './screen-driver.js'
