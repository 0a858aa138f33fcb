import cvModule from '@techstark/opencv-js'

export type Cv = typeof cvModule
export type Mat = InstanceType<Cv['Mat']>

let ready: Promise<{ cv: Cv }> | undefined

/**
 * OpenCV's WASM runtime, initialised once per process (~200 ms). The module is a thenable that resolves to itself,
 * so it travels wrapped in an object: a promise resolved with it directly would adopt it forever.
 */
export function loadOpenCv(): Promise<{ cv: Cv }> {
  ready ??= new Promise<{ cv: Cv }>((resolve) => {
    // A pending WASM compile does not keep Node alive: poll until the runtime is there.
    const poll = setInterval(() => {
      if (typeof cvModule.Mat !== 'function') return
      clearInterval(poll)
      resolve({ cv: cvModule })
    }, 5)
  })
  return ready
}
