import t from 'tap'
import { BadRequestError, type AnchorInput, type LearnedEvent } from '@rpa-vision/contracts'
import { chooseAnchorBox, fixedBox } from '../src/domain/learn-anchor.js'
import { secretVariable, toLearnedGraph } from '../src/domain/learn-nodes.js'
import { planLearnedSteps, type LearnedStep } from '../src/domain/learn-steps.js'

const SHOT = 'iVBORw0KGgo='
let t0 = 0
const click = (x: number, y: number, extra: Partial<Extract<LearnedEvent, { type: 'click' }>> = {}): LearnedEvent => ({ type: 'click', x, y, t_ms: t0++, screenshot: SHOT, ...extra })
const key = (k: string, extra: Partial<Extract<LearnedEvent, { type: 'key' }>> = {}): LearnedEvent => ({ type: 'key', key: k, ...([...k].length === 1 ? { text: k } : {}), t_ms: t0++, ...extra })
const typed = (text: string, extra: Partial<Extract<LearnedEvent, { type: 'key' }>> = {}) => [...text].map((c) => key(c, extra))
const scroll = (dy: number, dx = 0): LearnedEvent => ({ type: 'scroll', x: 10, y: 10, dx, dy, t_ms: t0++ })

/** A step without the recorded click events, for comparisons: the click's index in the trace stands for it. */
function brief(steps: LearnedStep[]) {
  return steps.map((s) => {
    if (s.kind === 'click') return { kind: 'click', at: s.click.index }
    if (s.kind === 'type') return { kind: 'type', text: s.text, secret: s.secret, field: s.fieldName, at: s.click?.index }
    return s
  })
}

t.test('a click followed by typing is one anchored type step; a click alone is a click', async (t) => {
  const steps = planLearnedSteps([click(10, 10), ...typed('dr.house'), click(50, 50), click(90, 90), ...typed('x')])
  t.same(brief(steps), [
    { kind: 'type', text: 'dr.house', secret: false, field: undefined, at: 0 },
    { kind: 'click', at: 9 },
    { kind: 'type', text: 'x', secret: false, field: undefined, at: 10 },
  ])
})

t.test('Backspace edits the typed run; with nothing typed it is a key press', async (t) => {
  const steps = planLearnedSteps([click(1, 1), ...typed('Durnad'), key('Backspace'), key('Backspace'), key('Backspace'), ...typed('and'), click(5, 5), key('Backspace')])
  t.same(brief(steps), [{ kind: 'type', text: 'Durand', secret: false, field: undefined, at: 0 }, { kind: 'click', at: 13 }, { kind: 'hotkey', keys: ['backspace'] }])
  t.same(brief(planLearnedSteps([click(1, 1), ...typed('ab'), key('Backspace'), key('Backspace')])), [{ kind: 'click', at: 0 }], 'typing erased again leaves the click')
})

t.test('shift types, ctrl/alt/meta make chords; Enter, Tab, Escape, arrows are key presses; modifiers alone nothing', async (t) => {
  const steps = planLearnedSteps([
    key('Shift', { modifiers: ['shift'] }), key('D', { modifiers: ['shift'] }), ...typed('urand'), key('Tab'), key('Tab', { modifiers: ['shift'] }),
    key('s', { modifiers: ['ctrl'] }), key('S', { modifiers: ['ctrl', 'shift'] }), key('Enter'), key('Escape'), key('ArrowDown'), key(' ', { modifiers: ['ctrl'] }),
    key('Control', { modifiers: ['ctrl'] }), key('Dead'), key('F5'), key('@', { modifiers: [] }),
  ])
  t.same(brief(steps), [
    { kind: 'type', text: 'Durand', secret: false, field: undefined, at: undefined },
    { kind: 'hotkey', keys: ['tab'] },
    { kind: 'hotkey', keys: ['shift', 'tab'] },
    { kind: 'hotkey', keys: ['ctrl', 's'] },
    { kind: 'hotkey', keys: ['ctrl', 'shift', 's'] },
    { kind: 'hotkey', keys: ['enter'] },
    { kind: 'hotkey', keys: ['escape'] },
    { kind: 'hotkey', keys: ['arrowdown'] },
    { kind: 'hotkey', keys: ['ctrl', 'space'] },
    { kind: 'hotkey', keys: ['f5'] },
    { kind: 'type', text: '@', secret: false, field: undefined, at: undefined },
  ])
})

t.test('a password field makes its own run; a change of field splits runs', async (t) => {
  const steps = planLearnedSteps([
    click(1, 1), ...typed('alice', { field_name: 'login' }), click(2, 2), ...typed('pw1', { secret: true, field_name: 'password' }), ...typed('x', { field_name: 'other' }),
  ])
  t.same(brief(steps), [
    { kind: 'type', text: 'alice', secret: false, field: 'login', at: 0 },
    { kind: 'type', text: 'pw1', secret: true, field: 'password', at: 6 },
    { kind: 'type', text: 'x', secret: false, field: 'other', at: undefined },
  ])
})

t.test('consecutive scrolls add up; anything else ends them', async (t) => {
  const steps = planLearnedSteps([scroll(1), scroll(0.5), scroll(1, 1), key('a'), scroll(-2)])
  t.same(brief(steps), [{ kind: 'scroll', dx: 1, dy: 2.5 }, { kind: 'type', text: 'a', secret: false, field: undefined, at: undefined }, { kind: 'scroll', dx: 0, dy: -2 }])
})

t.test('a middle click is refused, naming the event', async (t) => {
  t.throws(() => planLearnedSteps([key('a'), click(1, 1, { button: 'middle' })]), new BadRequestError('events[1] is a middle click: no workflow step replays one (record left or right clicks)', 'INVALID_TRACE'))
})

t.test('the graph: node types, labels, params, anchors, secrets kept apart, edges in order', async (t) => {
  const events = [
    click(10, 10), ...typed('alice'), click(20, 20), ...typed('pw', { secret: true, field_name: 'Mot de passe' }), key('Enter'),
    click(30, 30, { clicks: 2 }), click(40, 40, { button: 'right' }), scroll(0.4), scroll(0.3), scroll(0.001), click(50, 50), ...typed('pin', { secret: true }),
  ]
  const anchor = (text?: string): AnchorInput => ({ image: SHOT, bbox: { x: 0, y: 0, width: 4, height: 4 }, screen: { width: 100, height: 100, scale: 1 }, ...(text ? { target_text: text } : {}) })
  const graph = toLearnedGraph(planLearnedSteps(events), (c) => anchor(c.index === 10 ? 'Ouvrir' : undefined))
  t.same(graph.nodes.map((n) => [n.id, n.type, n.label, n.params]), [
    ['n1', 'type_text', 'Type "alice"', { text: 'alice' }],
    ['n2', 'type_secret', 'Type the secret mot_de_passe', { variable: 'mot_de_passe' }],
    ['n3', 'hotkey', 'Press enter', { keys: ['enter'] }],
    ['n4', 'double_click_anchor', 'Double-click "Ouvrir"', {}],
    ['n5', 'right_click_anchor', 'Right-click at (40, 40)', {}],
    ['n6', 'scroll', 'Scroll down 1', { dy: 1 }],
    ['n7', 'type_secret', 'Type the secret secret_1', { variable: 'secret_1' }],
  ])
  t.ok(graph.nodes.filter((n) => n.type !== 'hotkey' && n.type !== 'scroll').every((n) => n.anchor), 'every clicked step has its anchor')
  t.same(graph.edges, [['n1', 'n2'], ['n2', 'n3'], ['n3', 'n4'], ['n4', 'n5'], ['n5', 'n6'], ['n6', 'n7']].map(([from, to]) => ({ from, to })))
  t.same(graph.secrets, [{ variable: 'mot_de_passe', value: 'pw' }, { variable: 'secret_1', value: 'pin' }])
  t.notOk(JSON.stringify(graph.nodes).includes('"pw"') || JSON.stringify(graph.nodes).includes('pin"'), 'no secret value in any node')
})

t.test('secret variables: from the field name, else secret_N; unique; always a valid name', async (t) => {
  const used = new Set<string>()
  t.equal(secretVariable('password', used), 'password')
  t.equal(secretVariable('password', used), 'password_2')
  t.equal(secretVariable('Code PIN (carte) é', used), 'code_pin_carte_e')
  t.equal(secretVariable('2fa', used), '_2fa')
  t.equal(secretVariable('***', used), 'secret_1')
  t.equal(secretVariable(undefined, used), 'secret_2')
  t.equal(secretVariable('x'.repeat(64), used), 'x'.repeat(56))
  for (const name of used) t.match(name, /^[A-Za-z_][A-Za-z0-9_]{0,63}$/)
})

t.test('the anchor box: the smallest plausible control around the click, else a fixed box around it', async (t) => {
  const screen = { width: 1280, height: 800, scale: 1 }
  const button = { bbox: { x: 100, y: 100, width: 120, height: 32 }, score: 0.9 }
  const label = { bbox: { x: 120, y: 108, width: 60, height: 8 }, score: 0.9 }
  const panel = { bbox: { x: 50, y: 50, width: 700, height: 300 }, score: 0.4 }
  const page = { bbox: { x: 0, y: 0, width: 1280, height: 800 }, score: 0.2 }
  const input = { bbox: { x: 300, y: 100, width: 260, height: 34 }, score: 0.8 }
  t.same(chooseAnchorBox(130, 112, [page, panel, label, button, input], screen), { bbox: button.bbox, method: 'detected' }, 'the button, not its 8 px high label, nor the panel')
  t.same(chooseAnchorBox(101, 131, [button], screen), { bbox: button.bbox, method: 'detected' }, 'a click on the border still counts')
  t.same(chooseAnchorBox(600, 600, [page, panel], screen), { bbox: { x: 520, y: 576, width: 160, height: 48 }, method: 'fixed' }, 'nothing plausible: 160×48 around the point')
  t.same(fixedBox(5, 790, screen), { x: 0, y: 752, width: 160, height: 48 }, 'shifted inside the screen at its edges')
  t.same(fixedBox(5, 5, { width: 1600, height: 1000, scale: 1.25 }), { x: 0, y: 0, width: 200, height: 60 }, 'in logical pixels: larger on a scaled screen')
  t.same(chooseAnchorBox(130, 112, [{ bbox: { x: 100, y: 100, width: 120, height: 32 }, score: 1 }], { width: 200, height: 100 }).method, 'fixed', 'over half the screen wide is not a control')
})
