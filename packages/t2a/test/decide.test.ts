import t from 'tap'
import { Compile } from 'typebox/compile'
import { assessOcrQuality, decideFromModelOutput, normalizeText, VerifiedDecision } from '../src/core/index.js'
import { RECORD_FORFAIT, RECORD_GHS } from './fixtures/t2a-examples.js'
import { criterion, modelOutput, refutes, supports } from './model-outputs.js'

const isVerifiedDecision = Compile(VerifiedDecision)

t.test('ghs: all three criteria met, each with a verified supporting quotation', async (t) => {
  const d = decideFromModelOutput(RECORD_GHS, modelOutput())
  t.ok(isVerifiedDecision.Check(d), 'the result has the shape of VerifiedDecision')
  t.equal(d.final_decision, 'ghs')
  t.equal(d.model_decision, 'ghs')
  t.same(d.flags, [])
  t.same(d.criteria.map((c) => [c.id, c.status, c.model_status]), [[1, 'met', 'met'], [2, 'met', 'met'], [3, 'met', 'met']])
  const [c3] = d.criteria[2]!.citations
  t.same({ ...c3, start: undefined, end: undefined }, { text: 'Paracétamol 1 g IV', role: 'supports', verification: 'exact', start: undefined, end: undefined })
  t.equal(RECORD_GHS.slice(c3!.start!, c3!.end!), 'Paracétamol 1 g IV')
  t.same(d.reserve_hospitaliere, { status: 'no', citations: [] })
})

t.test('a model that says GHS while a criterion is verified not met: forfait_urgence', async (t) => {
  const d = decideFromModelOutput(
    RECORD_FORFAIT,
    modelOutput({
      preuve_critere1: criterion('REMPLI', supports('Torsion cheville droite, tri 5')),
      preuve_critere2: criterion('NON_REMPLI', refutes('Aucune surveillance particulière requise')),
      preuve_critere3: criterion('REMPLI', supports('Strapping, paracétamol 1 g per os')),
      decision_modele: 'GHS',
    }),
  )
  t.equal(d.final_decision, 'forfait_urgence')
  t.equal(d.model_decision, 'ghs', "the model's decision is kept, for information")
  t.equal(d.criteria[1]!.status, 'not_met')
  t.match(d.decision_reason, /criterion 2 \(« Aucune surveillance particulière requise »\)/)
  t.same(d.flags, ['instruction_in_record'])
})

t.test('a supporting quotation that fails verification: to_review', async (t) => {
  const invented = decideFromModelOutput(RECORD_GHS, modelOutput({ preuve_critere2: criterion('REMPLI', supports('surveillance scopée continue en box')) }))
  t.equal(invented.final_decision, 'to_review')
  t.equal(invented.model_decision, 'ghs')
  t.same(invented.criteria.map((c) => c.status), ['met', 'undetermined', 'met'])
  t.equal(invented.criteria[1]!.model_status, 'met')
  t.equal(invented.criteria[1]!.citations[0]!.verification, 'failed')
  t.match(invented.decision_reason, /criterion 2: met per the model, but no supporting quotation verified/)

  const negated = decideFromModelOutput(RECORD_FORFAIT, modelOutput({ preuve_critere2: criterion('REMPLI', supports('surveillance particulière requise')) }))
  t.equal(negated.criteria[1]!.status, 'undetermined', '« Aucune surveillance particulière requise » quoted without « Aucune »')
  t.equal(negated.final_decision, 'to_review')

  const noCitation = decideFromModelOutput(RECORD_GHS, modelOutput({ preuve_critere1: criterion('REMPLI') }))
  t.equal(noCitation.final_decision, 'to_review', 'met without any quotation proves nothing')

  const padded = decideFromModelOutput(RECORD_GHS, modelOutput({
    preuve_critere2: criterion('REMPLI', supports('surveillance neurologique horaire par l\'IDE'), supports('scope continu et oxygénothérapie nocturne')),
  }))
  t.same(padded.criteria.map((c) => c.status), ['met', 'met', 'met'], 'every criterion has a verified supporting quotation …')
  t.equal(padded.final_decision, 'to_review', '… but one supporting quotation was invented: no GHS on invented evidence')
  t.match(padded.decision_reason, /criterion 2: a supporting quotation failed verification/)
})

t.test('not met needs a verified refuting quotation; a supporting one does not prove it', async (t) => {
  const d = decideFromModelOutput(RECORD_GHS, modelOutput({ preuve_critere2: criterion('NON_REMPLI', refutes('Aucune surveillance particulière requise')) }))
  t.equal(d.criteria[1]!.status, 'undetermined')
  t.equal(d.final_decision, 'to_review')
  const wrongRole = decideFromModelOutput(RECORD_GHS, modelOutput({ preuve_critere2: criterion('REMPLI', refutes("surveillance neurologique horaire par l'IDE")) }))
  t.equal(wrongRole.criteria[1]!.status, 'undetermined', 'met with only a refuting quotation')
  t.equal(wrongRole.final_decision, 'to_review')
})

t.test('the order: a verified not-met criterion wins over another whose quotation failed', async (t) => {
  const d = decideFromModelOutput(
    RECORD_FORFAIT,
    modelOutput({
      preuve_critere1: criterion('REMPLI', supports('patient instable nécessitant une réanimation')),
      preuve_critere2: criterion('NON_REMPLI', refutes('Sortie à H+2, retour à domicile')),
      decision_modele: 'A_REVOIR',
    }),
  )
  t.equal(d.final_decision, 'forfait_urgence')
  t.equal(d.model_decision, 'to_review')
})

t.test('out_of_scope comes first: not a UHCD stay, or an MCO admission followed', async (t) => {
  const notUhcd = decideFromModelOutput(RECORD_GHS, modelOutput({ perimetre: { admission_uhcd: 'NON', hospitalisation_mco_apres: 'NON' } }))
  t.equal(notUhcd.final_decision, 'out_of_scope')
  t.match(notUhcd.decision_reason, /not a UHCD stay/)
  const mco = decideFromModelOutput(RECORD_GHS, modelOutput({ perimetre: { admission_uhcd: 'OUI', hospitalisation_mco_apres: 'OUI' } }))
  t.equal(mco.final_decision, 'out_of_scope')
  t.match(mco.decision_reason, /MCO/)
  const unknown = decideFromModelOutput(RECORD_GHS, modelOutput({ perimetre: { admission_uhcd: 'INCONNU', hospitalisation_mco_apres: 'INCONNU' } }))
  t.equal(unknown.final_decision, 'ghs', 'unknown is not out of scope')
  const withReserve = decideFromModelOutput(
    RECORD_GHS,
    modelOutput({ perimetre: { admission_uhcd: 'OUI', hospitalisation_mco_apres: 'OUI' }, reserve_hospitaliere: { statut: 'OUI', citations: [supports('Paracétamol 1 g IV')] } }),
  )
  t.equal(withReserve.final_decision, 'out_of_scope', 'before the réserve-hospitalière clause')
})

t.test('réserve hospitalière: ghs on a verified quotation, flagged for the DIM; not on a failed one', async (t) => {
  const record = `${RECORD_FORFAIT}\nUHCD 11h : administration d'un médicament de la réserve hospitalière (immunoglobulines IV).`
  const reserve = supports("administration d'un médicament de la réserve hospitalière")
  const d = decideFromModelOutput(
    record,
    modelOutput({
      preuve_critere2: criterion('NON_REMPLI', refutes('Aucune surveillance particulière requise')),
      reserve_hospitaliere: { statut: 'OUI', citations: [reserve] },
      decision_modele: 'GHS',
    }),
  )
  t.equal(d.final_decision, 'ghs', 'even with a criterion verified not met')
  t.same(d.flags, ['instruction_in_record', 'reserve_hospitaliere_dim_check'])
  t.equal(d.reserve_hospitaliere.status, 'yes')
  t.equal(d.reserve_hospitaliere.citations[0]!.verification, 'exact')
  t.match(d.decision_reason, /réserve hospitalière/)

  const invented = decideFromModelOutput(
    RECORD_FORFAIT,
    modelOutput({
      preuve_critere2: criterion('NON_REMPLI', refutes('Aucune surveillance particulière requise')),
      reserve_hospitaliere: { statut: 'OUI', citations: [reserve] },
    }),
  )
  t.equal(invented.final_decision, 'forfait_urgence', 'the clause needs a verified quotation')
  t.notOk(invented.flags.includes('reserve_hospitaliere_dim_check'))
  const notClaimed = decideFromModelOutput(record, modelOutput({ reserve_hospitaliere: { statut: 'NON', citations: [reserve] } }))
  t.notOk(notClaimed.flags.includes('reserve_hospitaliere_dim_check'), 'a quotation without the claim is not the clause')
})

t.test('flags: instruction in the record, hidden characters, degraded OCR', async (t) => {
  t.same(decideFromModelOutput(RECORD_FORFAIT, modelOutput()).flags, ['instruction_in_record'])
  const hidden = RECORD_GHS.replace('surveillance neurologique', 'surveillance\u200B neuro\u202Elogique')
  const d = decideFromModelOutput(hidden, modelOutput())
  t.same(d.flags, ['hidden_characters_in_record'])
  t.equal(d.final_decision, 'ghs', 'quotations are checked on the text without them')
  t.equal(hidden.slice(d.criteria[1]!.citations[0]!.start!, d.criteria[1]!.citations[0]!.end!), "surveillance\u200B neuro\u202Elogique horaire par l'IDE")
  const shattered = `${RECORD_GHS}\nC o m p t e r e n d u : s u r v e i l l a n c e ~ ¦ ^ ¬ { } \\ | ~ ¦ ^ ¬`
  t.ok(decideFromModelOutput(shattered, modelOutput()).flags.includes('degraded_ocr'))
})

t.test('degraded OCR: a documented heuristic, quiet on clean records', async (t) => {
  const quality = (text: string) => assessOcrQuality(normalizeText(text).text)
  t.notOk(quality(RECORD_GHS).degraded)
  t.notOk(quality(RECORD_FORFAIT).degraded)
  t.ok(quality('P a t i e n t s o u s s u r v e i l l a n c e . Paracétamol 1 g IV à 23h30.').degraded, 'isolated letters')
  t.notOk(quality("Paracétamol 1 g IV, 5 h de surveillance, l'IDE a vu le patient à 6h.").degraded, 'units after a number and French words')
  t.ok(quality('C0nsultati0n de c0ntr0le, pr1se en charge s1mple, t3mps de tra1tement 1 h, rnédecin 0K.').degraded, 'digits inside words')
  t.ok(quality('~~ ¦¦ Surveillance ^^ {{ neurologique }} ¬¬ \\\\ horaire ¤¤ §§ par IDE').degraded, 'garbage characters')
})

t.test("each criterion's evidence: its verified quotations as the record writes them, for a coding form", async (t) => {
  const ghs = decideFromModelOutput(RECORD_GHS, modelOutput())
  t.equal(ghs.criteria[2]!.evidence, '« Paracétamol 1 g IV »')
  for (const c of ghs.criteria) t.match(c.evidence, /^« .+ »$/, `criterion ${c.id} has evidence`)

  // the model's spelling differs from the record: the evidence copies the record, not the model
  const approximate = decideFromModelOutput(RECORD_GHS, modelOutput({ preuve_critere3: criterion('REMPLI', supports('paracetamol 1 g iv')) }))
  t.equal(approximate.criteria[2]!.evidence, '« Paracétamol 1 g IV »')

  const forfait = decideFromModelOutput(
    RECORD_FORFAIT,
    modelOutput({
      preuve_critere1: criterion('NON_REMPLI', refutes('entorse bénigne, état stable')),
      preuve_critere2: criterion('NON_REMPLI', refutes('Aucune surveillance particulière requise'), supports('Installée en UHCD à 10h40')),
      preuve_critere3: criterion('REMPLI', supports('surveillance scopée continue en box')),
    }),
  )
  t.equal(forfait.criteria[1]!.evidence, '« Aucune surveillance particulière requise »', 'only the quotations of the established status')
  t.equal(forfait.criteria[2]!.status, 'undetermined')
  t.equal(forfait.criteria[2]!.evidence, '', 'a failed quotation is never evidence')
})
