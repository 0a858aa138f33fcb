import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { INTERNAL_SECRET_HEADER, PRINCIPAL_ID_HEADER, PRINCIPAL_ROLE_HEADER } from '@rpa-vision/contracts'
import type { App } from '@rpa-vision/http'
import { createTestDatabase, makePng, type TestDatabase } from '../../../test/helpers/index.js'
import { buildApp } from '../src/app.js'

export const SECRET = 'test-internal-secret'

export interface Harness {
  app: App
  database: TestDatabase
  call(opts: InjectOptions): Promise<LightMyRequestResponse>
  close(): Promise<void>
}

/** The workflows app on its own fresh database, called as the gateway would call it. */
export async function startWorkflows(t: { teardown(fn: () => unknown): void }, extra: { imageMaxPixels?: number } = {}): Promise<Harness> {
  const database = await createTestDatabase({ migrate: false })
  const app = await buildApp({
    databaseUrl: database.url,
    internalSecret: SECRET,
    imageMaxPixels: extra.imageMaxPixels ?? 40_000_000,
    screenshotTtlHours: 24,
    log: false,
  })
  const h: Harness = {
    app,
    database,
    call: (opts) =>
      app.inject({
        ...opts,
        headers: { [INTERNAL_SECRET_HEADER]: SECRET, [PRINCIPAL_ID_HEADER]: 'tester', [PRINCIPAL_ROLE_HEADER]: 'author', ...opts.headers },
      }),
    close: async () => {
      await app.close()
      await database.drop()
    },
  }
  t.teardown(() => h.close())
  return h
}

export async function pngBase64(w = 120, h = 32, seed = 1): Promise<string> {
  return (await makePng(w, h, seed)).toString('base64')
}

/** The example of API.md: click, type, read, decide. */
export async function sampleWorkflow(name = 'Codage UHCD') {
  const anchor = async (seed: number, target_text?: string) => ({
    image: await pngBase64(120, 32, seed),
    bbox: { x: 812, y: 540, width: 120, height: 32 },
    screen: { width: 1920, height: 1080, scale: 1 },
    ...(target_text ? { target_text } : {}),
  })
  return {
    name,
    nodes: [
      { id: 'n1', type: 'click_anchor', anchor: await anchor(1, 'Valider') },
      { id: 'n2', type: 'type_text', params: { text: '{{patient_ipp}}' }, anchor: await anchor(2) },
      { id: 'n3', type: 'extract_text', params: { variable: 'dossier' }, anchor: await anchor(3) },
      { id: 'n4', type: 't2a_decision', params: { input: 'dossier', variable: 't2a' } },
    ],
    edges: [
      { from: 'n1', to: 'n2' },
      { from: 'n2', to: 'n3' },
      { from: 'n3', to: 'n4' },
    ],
  }
}
