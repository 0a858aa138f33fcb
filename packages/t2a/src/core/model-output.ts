import Type from 'typebox'
import { Compile } from 'typebox/compile'

/*
 * The model output contract of issue 5, in French like the prompt. The schema keeps to what every structured-output
 * mode accepts (all properties required, no others, string enums, no length or count keywords): the bounds are
 * stated in descriptions for the model and checked after the schema.
 */

export const MAX_CITATIONS_PER_LIST = 8
export const MAX_CITATION_CHARS = 1000
export const MAX_REASONING_CHARS = 2000

const Answer = (description: string) => Type.Enum(['OUI', 'NON', 'INCONNU'], { type: 'string', description })

export const ModelCitation = Type.Object(
  {
    texte: Type.String({
      description: `copie littérale d'un passage du dossier, d'au moins 3 mots et d'au plus ${MAX_CITATION_CHARS} caractères, sans reformulation ni coupure`,
    }),
    role: Type.Enum(['SOUTIENT', 'REFUTE'], { type: 'string', description: 'le passage soutient ou réfute le critère' }),
  },
  { additionalProperties: false },
)
export type ModelCitation = Type.Static<typeof ModelCitation>

const Citations = Type.Array(ModelCitation, { description: `au plus ${MAX_CITATIONS_PER_LIST} citations` })

export const ModelCriterion = Type.Object(
  {
    statut: Type.Enum(['REMPLI', 'NON_REMPLI', 'INDETERMINE'], { type: 'string' }),
    raisonnement: Type.String({ description: `raisonnement bref (au plus ${MAX_REASONING_CHARS} caractères)` }),
    citations: Citations,
  },
  { additionalProperties: false },
)
export type ModelCriterion = Type.Static<typeof ModelCriterion>

export const ModelOutput = Type.Object(
  {
    perimetre: Type.Object(
      {
        admission_uhcd: Answer("le patient a-t-il été admis en UHCD (unité d'hospitalisation de courte durée) ?"),
        hospitalisation_mco_apres: Answer('une hospitalisation en MCO du même établissement a-t-elle suivi le passage en UHCD ?'),
      },
      { additionalProperties: false },
    ),
    preuve_critere1: ModelCriterion,
    preuve_critere2: ModelCriterion,
    preuve_critere3: ModelCriterion,
    reserve_hospitaliere: Type.Object(
      { statut: Answer('un produit de la réserve hospitalière a-t-il été administré pendant le séjour ?'), citations: Citations },
      { additionalProperties: false },
    ),
    decision_modele: Type.Enum(['GHS', 'FORFAIT_URGENCES', 'A_REVOIR'], { type: 'string' }),
  },
  { additionalProperties: false },
)
export type ModelOutput = Type.Static<typeof ModelOutput>

/** The contract as a plain JSON Schema object, for a provider's structured-output / JSON-schema mode. */
export const MODEL_OUTPUT_JSON_SCHEMA: Record<string, unknown> = JSON.parse(JSON.stringify(ModelOutput))

export type ModelOutputCheck = { ok: true; value: ModelOutput } | { ok: false; error: string }

const validator = Compile(ModelOutput)

interface SchemaError {
  keyword: string
  instancePath: string
  params: Record<string, unknown>
  message: string
}

function describe(error: SchemaError): string {
  const at = error.instancePath || '/'
  if (error.keyword === 'required') return `${at}: missing ${(error.params.requiredProperties as string[]).join(', ')}`
  if (error.keyword === 'additionalProperties') return `${at}: unexpected property ${(error.params.additionalProperties as string[]).join(', ')}`
  if (error.keyword === 'enum') return `${at}: must be one of ${(error.params.allowedValues as string[]).join(', ')}`
  return `${at}: ${error.message}`
}

function boundsProblem(output: ModelOutput): string | null {
  const lists = {
    preuve_critere1: output.preuve_critere1,
    preuve_critere2: output.preuve_critere2,
    preuve_critere3: output.preuve_critere3,
    reserve_hospitaliere: output.reserve_hospitaliere,
  }
  for (const [name, part] of Object.entries(lists)) {
    if (part.citations.length > MAX_CITATIONS_PER_LIST) return `/${name}/citations: more than ${MAX_CITATIONS_PER_LIST} citations`
    const long = part.citations.findIndex((c) => c.texte.length > MAX_CITATION_CHARS)
    if (long >= 0) return `/${name}/citations/${long}/texte: longer than ${MAX_CITATION_CHARS} characters`
    if ('raisonnement' in part && part.raisonnement.length > MAX_REASONING_CHARS) return `/${name}/raisonnement: longer than ${MAX_REASONING_CHARS} characters`
  }
  return null
}

/** The model's answer as the typed contract, or why it is not one: any other shape is a failed attempt. */
export function parseModelOutput(text: string): ModelOutputCheck {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return { ok: false, error: `the answer is not JSON: ${(error as Error).message}` }
  }
  if (!validator.Check(value)) {
    // "schema is false" only repeats the additionalProperties error that comes with it
    const errors = (validator.Errors(value) as SchemaError[]).filter((e) => e.keyword !== 'boolean')
    const shown = errors.slice(0, 3).map(describe).join('; ')
    return { ok: false, error: `the answer does not follow the output contract: ${shown}${errors.length > 3 ? ` (+${errors.length - 3} more)` : ''}` }
  }
  const problem = boundsProblem(value)
  return problem ? { ok: false, error: `the answer exceeds the output contract's bounds: ${problem}` } : { ok: true, value }
}
