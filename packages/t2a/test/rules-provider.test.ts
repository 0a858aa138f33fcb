import t from 'tap'
import { decideByRules, type CriterionResult } from '../src/core/index.js'
import { RECORD_FORFAIT, RECORD_GHS } from './fixtures/t2a-examples.js'

const verifiedWith = (c: CriterionResult, role: 'supports' | 'refutes') => c.citations.filter((q) => q.role === role && q.verification !== 'failed')

/** The brief's records as written (wrapped lines), and on one line as a DPI field would hold them. */
const layouts = (record: string) => [
  ['wrapped', record],
  ['one line', record.replace(/\n/g, ' ')],
] as const

t.test('rules provider, record 1 of T2A.md: ghs with the three expected quotations verified', async (t) => {
  for (const [layout, record] of layouts(RECORD_GHS)) {
    const { output, decision } = decideByRules(record)
    t.equal(output.decision_modele, 'GHS', layout)
    t.same(output.perimetre, { admission_uhcd: 'OUI', hospitalisation_mco_apres: 'NON' })
    t.equal(decision.final_decision, 'ghs', layout)
    t.same(decision.flags, [])
    const expected = ["risque d'hématome retardé sous anticoagulant", "surveillance neurologique horaire par l'IDE", 'Paracétamol 1 g IV']
    decision.criteria.forEach((c, i) => {
      t.equal(c.status, 'met', `${layout}: criterion ${c.id}`)
      const hit = verifiedWith(c, 'supports').find((q) => q.text.includes(expected[i]!))
      t.ok(hit, `${layout}: criterion ${c.id} cites « ${expected[i]} »`)
      t.equal(record.slice(hit!.start!, hit!.end!), hit!.text)
    })
    t.equal(decision.criteria.flatMap((c) => c.citations).filter((q) => q.verification === 'failed').length, 0, 'every quotation it proposes is verified')
  }
})

t.test('rules provider, record 2 of T2A.md: forfait_urgence, criterion 2 refuted, the injection flagged and never cited', async (t) => {
  for (const [layout, record] of layouts(RECORD_FORFAIT)) {
    const { output, decision } = decideByRules(record)
    t.equal(decision.final_decision, 'forfait_urgence', layout)
    t.equal(decision.model_decision, 'forfait_urgence')
    t.same(decision.flags, ['instruction_in_record'])
    const [c1, c2] = decision.criteria
    t.equal(c1!.status, 'not_met', `${layout}: criterion 1`)
    t.equal(c2!.status, 'not_met', `${layout}: criterion 2`)
    const refutation = verifiedWith(c2!, 'refutes').find((q) => q.text.replace(/\s+/g, ' ') === 'Aucune surveillance particulière requise')
    t.ok(refutation, `${layout}: « Aucune surveillance particulière requise » refutes criterion 2`)
    t.match(record.slice(refutation!.start!, refutation!.end!), /^Aucune surveillance\sparticulière requise$/)
    const comment = record.indexOf('Commentaire')
    const quoted = [output.preuve_critere1, output.preuve_critere2, output.preuve_critere3, output.reserve_hospitaliere].flatMap((p) => p.citations)
    t.notOk(quoted.some((q) => /outil|règles|GHS|Commentaire/.test(q.texte)), 'nothing quoted from the comment line')
    t.ok(decision.criteria.flatMap((c) => c.citations).every((q) => q.start === null || q.end! <= comment))
  }
})

t.test('rules provider: no evidence, no claim', async (t) => {
  const { output, decision } = decideByRules('Patient vu en consultation, ordonnance remise.')
  t.same([output.preuve_critere1.statut, output.preuve_critere2.statut, output.preuve_critere3.statut], ['INDETERMINE', 'INDETERMINE', 'INDETERMINE'])
  t.same(output.perimetre, { admission_uhcd: 'INCONNU', hospitalisation_mco_apres: 'INCONNU' })
  t.equal(decision.final_decision, 'to_review')
})

t.test('rules provider: an MCO admission is out of scope; a negated keyword is no support', async (t) => {
  const mco = decideByRules('Admission UHCD pour surveillance neurologique horaire. Puis hospitalisé en cardiologie le lendemain.')
  t.equal(mco.output.perimetre.hospitalisation_mco_apres, 'OUI')
  t.equal(mco.decision.final_decision, 'out_of_scope')
  const negated = decideByRules('Passage en UHCD. Pas de surveillance neurologique nécessaire. Retour à domicile.')
  t.equal(negated.output.preuve_critere2.statut, 'NON_REMPLI')
  t.ok(negated.output.preuve_critere2.citations.every((c) => c.role === 'REFUTE'))
})
