import { html, type Html } from '../html.js'
import { codingPath, listPath } from '../paths.js'
import { fullName, type Patient } from '../patients.js'
import { patientFacts } from './patient-banner.js'

const list = (items: string[], target: string) => html`<ul data-target="${target}">${items.map((i) => html`<li>${i}</li>`)}</ul>`

function uhcdCard(p: Patient): Html {
  if (!p.uhcd) return html`<p data-target="uhcd">Pas de passage en UHCD.</p>`
  const u = p.uhcd
  return html`<dl data-target="uhcd">
        <dt>Entrée</dt><dd>${u.admission}</dd>
        <dt>Motif</dt><dd>${u.reason}</dd>
        <dt>Sortie</dt><dd>${u.discharge}</dd>
        <dt>Devenir</dt><dd>${u.outcome}</dd>
      </dl>`
}

/** The emergency-department record: identity banner with "Codage PMSI", the observation, then exams, treatments, UHCD. */
export function patientRecordPage(p: Patient): Html {
  const paragraphs = p.observation.split(/\n\s*\n/).map((para) => html`<p>${para}</p>`)
  return html`
  <section class="banner" data-target="patient-header">
    <div>
      <h1 data-target="patient-name">${fullName(p)}</h1>
      ${patientFacts(p)}
    </div>
    <div class="actions">
      <a class="button secondary" href="${listPath()}" data-target="back-to-list">Liste des patients</a>
      <a class="button primary" href="${codingPath(p.ipp)}" data-target="coding-button">Codage PMSI</a>
    </div>
  </section>
  <div class="record">
    <section>
      <h2 data-target="observation-title">Observation médicale</h2>
      <div class="observation" data-target="observation">
        ${paragraphs}
      </div>
    </section>
    <aside>
      <section class="card"><h2>Examens complémentaires</h2>${list(p.exams, 'exams')}</section>
      <section class="card"><h2>Traitements</h2>${list(p.treatments, 'treatments')}</section>
      <section class="card"><h2>Admission UHCD</h2>${uhcdCard(p)}</section>
    </aside>
  </div>`
}
