export { recordPage, type RecordPageOptions, type Recording } from './record-page.js'
export { recordDesktop, type DesktopRecordOptions, type DesktopRecording, type KeyboardLayout } from './desktop-capture.js'
export type { RollingOptions } from './rolling-screenshots.js'
