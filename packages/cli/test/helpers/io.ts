import { BUNDLE_FORMAT, type WorkflowBundle } from '@rpa-vision/contracts'
import { runCli } from '../../src/index.js'
import { makePng } from '../../../../test/helpers/images.js'
import type { StubGateway } from './stub-gateway.js'

export interface Captured {
  write(chunk: string): boolean
  readonly text: string
}

export function capture(): Captured {
  let text = ''
  return {
    write(chunk: string) {
      text += chunk
      return true
    },
    get text() {
      return text
    },
  }
}

/** Runs `rpa …` in-process against the stub, as a user with the stub's token would. */
export async function rpa(stub: Pick<StubGateway, 'url' | 'token'>, ...argv: string[]) {
  const out = capture()
  const err = capture()
  const code = await runCli(argv, { env: { RPA_URL: stub.url, RPA_TOKEN: stub.token }, out, err })
  return { code, out: out.text, err: err.text }
}

export async function sampleBundle(name = 'Codage UHCD'): Promise<WorkflowBundle> {
  const image = (await makePng(120, 32)).toString('base64')
  return {
    format: BUNDLE_FORMAT,
    format_version: 1,
    workflow: {
      name,
      nodes: [
        {
          id: 'n1', type: 'click_anchor',
          anchor: { image, bbox: { x: 812, y: 540, width: 120, height: 32 }, screen: { width: 1920, height: 1080, scale: 1 }, target_text: 'Valider' },
        },
        { id: 'n2', type: 'wait', params: { ms: 500 } },
      ],
      edges: [{ from: 'n1', to: 'n2' }],
    },
  }
}
