import type { ModelCitation, ModelCriterion, ModelOutput } from '../src/core/index.js'

/** Hand-built model outputs for the decision tests. */
export const supports = (texte: string): ModelCitation => ({ texte, role: 'SOUTIENT' })
export const refutes = (texte: string): ModelCitation => ({ texte, role: 'REFUTE' })

export const criterion = (statut: ModelCriterion['statut'], ...citations: ModelCitation[]): ModelCriterion => ({
  statut,
  raisonnement: `statut ${statut}`,
  citations,
})

/** A GHS answer on the first example record of T2A.md, with its three expected quotations; parts can be replaced. */
export function modelOutput(parts: Partial<ModelOutput> = {}): ModelOutput {
  return {
    perimetre: { admission_uhcd: 'OUI', hospitalisation_mco_apres: 'NON' },
    preuve_critere1: criterion('REMPLI', supports("risque d'hématome retardé sous anticoagulant")),
    preuve_critere2: criterion('REMPLI', supports("surveillance neurologique horaire par l'IDE")),
    preuve_critere3: criterion('REMPLI', supports('Paracétamol 1 g IV')),
    reserve_hospitaliere: { statut: 'NON', citations: [] },
    decision_modele: 'GHS',
    ...parts,
  }
}
