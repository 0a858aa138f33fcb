import { html, type Html } from '../html.js'
import { listPath } from '../paths.js'

/** A short page for what is not there or not accepted (unknown patient, too large a request…). */
export function messagePage(title: string, detail: string): Html {
  return html`
  <section class="banner">
    <div>
      <h1 data-target="message-title">${title}</h1>
      <p data-target="message">${detail}</p>
    </div>
    <div class="actions"><a class="button primary" href="${listPath()}" data-target="back-to-list">Liste des patients</a></div>
  </section>`
}
