import type { Test } from 'tap'
import { startDemoHospital, type DemoHospital, type DemoHospitalOptions } from '../../src/index.js'

/** A demo hospital on an ephemeral port, closed when the test ends. */
export async function startApp(t: Test, options: DemoHospitalOptions = {}): Promise<DemoHospital> {
  const app = await startDemoHospital({ port: 0, ...options })
  t.teardown(() => app.close())
  return app
}

/** POSTs the coding form as a browser does (urlencoded), without following the redirect. */
export function postCoding(app: DemoHospital, ipp: string, fields: Record<string, string>): Promise<Response> {
  return fetch(`${app.url}/patients/${ipp}/coding`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  })
}

/** The HTML-escaped form of a text, as the pages show it. */
export function escaped(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

/** The attribute `data-target="name"` appears in the page. */
export function hasTarget(page: string, name: string): boolean {
  return page.includes(`data-target="${name}"`)
}
