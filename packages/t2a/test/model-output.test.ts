import t from 'tap'
import { MAX_CITATION_CHARS, MAX_CITATIONS_PER_LIST, MODEL_OUTPUT_JSON_SCHEMA, parseModelOutput } from '../src/core/index.js'
import { modelOutput, supports } from './model-outputs.js'

t.test('a valid answer parses to the typed contract', async (t) => {
  const output = modelOutput()
  const parsed = parseModelOutput(JSON.stringify(output))
  t.same(parsed, { ok: true, value: output })
  t.same(parseModelOutput(`\n  ${JSON.stringify(output)}\n`), { ok: true, value: output }, 'surrounding whitespace is fine')
})

t.test('any other shape is a failed attempt, with a clear error', async (t) => {
  const fails = (text: string, error: RegExp) => {
    const result = parseModelOutput(text)
    t.equal(result.ok, false, text.slice(0, 60))
    if (!result.ok) t.match(result.error, error)
  }
  fails('Voici ma réponse : GHS', /not JSON/)
  fails('```json\n{}\n```', /not JSON/)
  fails(JSON.stringify({ ...modelOutput(), decision_modele: 'ghs' }), /\/decision_modele: must be one of GHS, FORFAIT_URGENCES, A_REVOIR/)
  const { preuve_critere3: _, ...missing } = modelOutput()
  fails(JSON.stringify(missing), /missing preuve_critere3/)
  fails(JSON.stringify({ ...modelOutput(), commentaire: 'x' }), /unexpected property commentaire/)
  fails(JSON.stringify(modelOutput({ preuve_critere1: { statut: 'REMPLI', raisonnement: 'x', citations: [{ texte: 'x', role: 'SOUTIENT', page: 2 }] } as never })), /unexpected property page/)
  fails(JSON.stringify([modelOutput()]), /must be object/)
  const many = Array.from({ length: MAX_CITATIONS_PER_LIST + 1 }, () => supports('Paracétamol 1 g IV'))
  fails(JSON.stringify(modelOutput({ preuve_critere2: { statut: 'REMPLI', raisonnement: 'x', citations: many } })), /preuve_critere2\/citations: more than 8/)
  const long = supports('x'.repeat(MAX_CITATION_CHARS + 1))
  fails(JSON.stringify(modelOutput({ reserve_hospitaliere: { statut: 'OUI', citations: [long] } })), /reserve_hospitaliere\/citations\/0\/texte: longer than/)
})

/** Every object of a schema, nested ones included. */
function objectsOf(schema: Record<string, unknown>): Record<string, unknown>[] {
  const children = Object.values(schema).flatMap((v) => (v && typeof v === 'object' ? objectsOf(v as Record<string, unknown>) : []))
  return schema.type === 'object' ? [schema, ...children] : children
}

t.test('the JSON Schema for structured output: plain, strict, every property required', async (t) => {
  t.same(JSON.parse(JSON.stringify(MODEL_OUTPUT_JSON_SCHEMA)), MODEL_OUTPUT_JSON_SCHEMA, 'a plain JSON object')
  const objects = objectsOf(MODEL_OUTPUT_JSON_SCHEMA)
  t.equal(objects.length, 1 + 1 + 3 + 3 + 1 + 1, 'root, perimetre, three criteria, their citation items, réserve, its citation items')
  for (const o of objects) {
    t.equal(o.additionalProperties, false)
    t.same([...(o.required as string[])].sort(), Object.keys(o.properties as object).sort())
  }
  const root = MODEL_OUTPUT_JSON_SCHEMA.properties as Record<string, Record<string, unknown>>
  t.same(root.decision_modele, { type: 'string', enum: ['GHS', 'FORFAIT_URGENCES', 'A_REVOIR'] })
  t.notMatch(JSON.stringify(MODEL_OUTPUT_JSON_SCHEMA), /maxItems|maxLength|anyOf|const/, 'only keywords every provider accepts')
})
