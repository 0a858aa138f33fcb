import { anchor, createWorkflow, type Stack } from '../../../services/replay/test/harness.js'
import { TARGETS } from './test-page.js'

const box = (name: string) => ({ x: TARGETS[name]!.rect.x, y: TARGETS[name]!.rect.y })

export const FORM_VARIABLES = { patient_ipp: '123456', password: 's3cr3t-Pa55' }

/**
 * The test page's routine: open, type the IPP, save, wait, validate, type the password, scroll. It compiles to nine
 * actions; the screen actions (all but the wait at seq 5) are, in order: 1 click open, 2 click ipp, 3 type, 4 ctrl+s,
 * 6 click valider (the 5th screen action), 7 click pwd, 8 type, 9 scroll.
 */
export async function formWorkflow(stack: Stack): Promise<string> {
  const nodes = [
    { id: 'open', type: 'click_anchor', anchor: await anchor(1, box('Ouvrir'), 'Ouvrir') },
    { id: 'ipp', type: 'type_text', params: { text: '{{patient_ipp}}' }, anchor: await anchor(2, box('IPP'), 'IPP') },
    { id: 'save', type: 'hotkey', params: { keys: ['ctrl', 's'] } },
    { id: 'pause', type: 'wait', params: { ms: 50 } },
    { id: 'valider', type: 'click_anchor', anchor: await anchor(3, box('Valider'), 'Valider') },
    { id: 'pwd', type: 'type_secret', params: { variable: 'password' }, anchor: await anchor(4, box('Mot de passe'), 'Mot de passe') },
    { id: 'down', type: 'scroll', params: { dy: 2 } },
  ]
  const edges = nodes.slice(1).map((n, i) => ({ from: nodes[i]!.id, to: n.id }))
  return createWorkflow(stack, { name: 'Saisie dossier', nodes, edges })
}

/** What the page must have received from one replay of formWorkflow, each exactly once. */
export const FORM_CLICKS = ['open', 'ipp', 'valider', 'pwd']
