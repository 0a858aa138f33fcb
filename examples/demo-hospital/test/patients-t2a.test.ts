import t from 'tap'
import { decideByRules, type CriterionId } from '@rpa-vision/t2a'
import { DEMO_PATIENT_IPP, findPatient, FORFAIT_PATIENT_IPP, PATIENTS } from '../src/index.js'

// The observation texts feed the offline `rules` provider (what `pnpm rpa t2a decide --record` runs by default).

t.test('every patient’s observation gets its expected decision from the rules provider', async (t) => {
  for (const p of PATIENTS) t.equal(decideByRules(p.observation).decision.final_decision, p.expectedDecision, `${p.ipp} ${p.lastName}`)
})

t.test('the demo patient: GHS, the three criteria met with exact quotations of the record', async (t) => {
  const p = findPatient(DEMO_PATIENT_IPP)!
  const { decision } = decideByRules(p.observation)
  t.equal(decision.final_decision, 'ghs')
  t.same(decision.flags, [])
  for (const id of [1, 2, 3] as CriterionId[]) {
    const criterion = decision.criteria.find((c) => c.id === id)!
    t.equal(criterion.status, 'met', `criterion ${id}`)
    t.ok(criterion.citations.every((c) => c.role === 'supports' && c.verification === 'exact'), `criterion ${id}: verified supports only`)
    const expected = criterion.citations.find((c) => c.text === p.expectedEvidence![id])
    t.ok(expected, `criterion ${id} cites « ${p.expectedEvidence![id]} »`)
    t.equal(p.observation.slice(expected!.start!, expected!.end!), expected!.text, 'offsets point at the quotation')
  }
  t.ok(p.observation.length >= 500 && p.observation.length <= 800, 'an observation of 500–800 characters')
})

t.test('the second patient: forfait urgence (criteria 1 and 2 refuted), the instruction in the record flagged', async (t) => {
  const p = findPatient(FORFAIT_PATIENT_IPP)!
  const { decision } = decideByRules(p.observation)
  t.equal(decision.final_decision, 'forfait_urgence')
  t.same(decision.criteria.map((c) => c.status), ['not_met', 'not_met', 'met'])
  t.ok(decision.flags.includes('instruction_in_record'))
  for (const id of [1, 2, 3] as CriterionId[]) {
    const cited = decision.criteria.find((c) => c.id === id)!.citations
    t.ok(cited.some((c) => c.text === p.expectedEvidence![id] && c.verification === 'exact'), `criterion ${id} cites « ${p.expectedEvidence![id]} »`)
    t.notOk(cited.some((c) => /ignorer les règles/.test(c.text)), 'nothing cited from the instruction')
  }
})
