import { CRITERION_LABELS } from '../criteria-labels.js'
import { DECISION_HINT } from '../decision.js'
import { html, type Html } from '../html.js'
import { codingPath, recordPath } from '../paths.js'
import { fullName, type Patient } from '../patients.js'

export interface CodingFormValues {
  decision: string
  criteria: [string, string, string]
}

export const EMPTY_CODING_FORM: CodingFormValues = { decision: '', criteria: ['', '', ''] }

function stayLine(p: Patient): Html {
  const stay = p.uhcd ? html` · UHCD ${p.uhcd.admission} → ${p.uhcd.discharge}` : html` · pas de passage en UHCD`
  return html`<div class="facts" data-target="coding-patient"><span><b>${fullName(p)}</b></span><span><b>IPP</b> ${p.ipp}${stay}</span></div>`
}

/** "Codage PMSI — séjour UHCD": decision, the evidence for each criterion, "Valider"; with the error of a refused submission. */
// The HTML parser drops one line break right after <textarea>: the one written before the value, never the value's own.
export function codingFormPage(p: Patient, values: CodingFormValues, error?: string): Html {
  const criteria = CRITERION_LABELS.map(
    (label, i) => html`
    <label for="criterion-${i + 1}">${label}</label>
    <textarea id="criterion-${i + 1}" name="criterion${i + 1}" rows="3" spellcheck="false" data-target="criterion-${i + 1}">
${values.criteria[i]!}</textarea>`,
  )
  return html`
  <section class="banner" data-target="coding-header">
    <div>
      <h1 data-target="coding-title">Codage PMSI — séjour UHCD</h1>
      ${stayLine(p)}
    </div>
    <div class="actions">
      <a class="button secondary" href="${recordPath(p.ipp)}" data-target="back-to-record">Retour au dossier</a>
    </div>
  </section>
  ${error ? html`<div class="error" role="alert" data-target="error">${error}</div>` : html``}
  <form class="coding" method="post" action="${codingPath(p.ipp)}" data-target="coding-form">
    <label for="decision">Décision de facturation</label>
    <div>
      <input type="text" id="decision" name="decision" value="${values.decision}" autocomplete="off" spellcheck="false" data-target="decision">
      <p class="hint" data-target="decision-hint">${DECISION_HINT}</p>
    </div>${criteria}
    <span></span>
    <div><button type="submit" class="button primary" data-target="validate">Valider</button></div>
  </form>`
}
