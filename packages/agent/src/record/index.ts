export { recordPage, type RecordPageOptions, type Recording } from './record-page.js'
