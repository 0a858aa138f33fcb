import type { Cv, Mat } from '../opencv.js'
import type { GrayImage } from '../types.js'

export function matFromGray(cv: Cv, img: GrayImage): Mat {
  const mat = new cv.Mat(img.height, img.width, cv.CV_8UC1)
  mat.data.set(img.data)
  return mat
}

/** OpenCV's resize (sharp's is half a pixel off and costs true matches, see STACK.md). */
export function resized(cv: Cv, src: Mat, width: number, height: number): Mat {
  const dst = new cv.Mat()
  const shrinking = width * height < src.cols * src.rows
  cv.resize(src, dst, new cv.Size(Math.max(1, width), Math.max(1, height)), 0, 0, shrinking ? cv.INTER_AREA : cv.INTER_CUBIC)
  return dst
}

/** Runs fn with mats that are always freed: WASM memory is not garbage-collected. */
export function withMats<T>(fn: (track: (m: Mat) => Mat) => T): T {
  const mats: Mat[] = []
  try {
    return fn((m) => {
      mats.push(m)
      return m
    })
  } finally {
    for (const m of mats) m.delete()
  }
}

export interface MaxLoc {
  maxVal: number
  maxLoc: { x: number; y: number }
}

/** The JS binding returns an object; its typings describe the C++ out-parameters. */
export function maxLocation(cv: Cv, m: Mat): MaxLoc {
  return (cv.minMaxLoc as unknown as (src: Mat) => MaxLoc)(m)
}
