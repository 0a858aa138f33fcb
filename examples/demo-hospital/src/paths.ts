/** The app's page URLs (paths), in one place for the pages, the router and the tests. */
export const listPath = (ipp?: string) => (ipp === undefined ? '/' : `/?ipp=${encodeURIComponent(ipp)}`)
export const recordPath = (ipp: string) => `/patients/${encodeURIComponent(ipp)}`
export const codingPath = (ipp: string) => `/patients/${encodeURIComponent(ipp)}/coding`
export const savedPath = (id: number) => `/codings/${id}`
