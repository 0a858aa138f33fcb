import type { Coding } from '../coding.js'
import { CRITERION_LABELS } from '../criteria-labels.js'
import { DECISION_LABELS } from '../decision.js'
import { html, type Html } from '../html.js'
import { listPath, recordPath } from '../paths.js'
import { fullName, type Patient } from '../patients.js'

const evidence = (text: string, i: number) =>
  text.trim()
    ? html`<dd data-target="saved-criterion-${i + 1}">${text}</dd>`
    : html`<dd class="none" data-target="saved-criterion-${i + 1}">non renseigné</dd>`

/** "Codage enregistré": who, the decision and the three evidence texts as stored. */
export function codingSavedPage(p: Patient, coding: Coding): Html {
  return html`
  <section class="banner success" data-target="saved-header">
    <div>
      <h1 class="saved-title" data-target="saved">Codage enregistré</h1>
      <div class="facts"><span><b>${fullName(p)}</b></span><span><b>IPP</b> ${p.ipp}</span></div>
    </div>
    <div class="actions">
      <a class="button secondary" href="${recordPath(p.ipp)}" data-target="back-to-record">Retour au dossier</a>
      <a class="button primary" href="${listPath()}" data-target="back-to-list">Liste des patients</a>
    </div>
  </section>
  <dl class="evidence">
    <dt>Décision de facturation</dt><dd data-target="saved-decision">${DECISION_LABELS[coding.decision]}</dd>
    ${CRITERION_LABELS.map((label, i) => html`<dt>${label}</dt>${evidence(coding.criteria[i]!, i)}`)}
  </dl>`
}
