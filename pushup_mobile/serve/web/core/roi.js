// A rotated square of the frame that BlazePose's models look at: centre and side in frame
// pixels, rotation in radians (MediaPipe's sign). A port of Roi in
// pushup_mobile/pose/blazepose.py (and of the Android core's Roi.java): crop() reproduces
// OpenCV's bilinear warpAffine (floating point, rounded to the nearest level, black outside
// the frame), checked on tests/golden/blazepose_crop.

export const ROI_SCALE = 1.25;

export class Roi {
  constructor(cx, cy, size, rotation) {
    this.cx = cx;
    this.cy = cy;
    this.size = size;
    this.rotation = rotation;
  }

  /** The letterbox: the frame's long side, centred. */
  static wholeFrame(width, height) {
    return new Roi(width / 2, height / 2, Math.max(width, height), 0);
  }

  /** Centred on (cx, cy), 2 x the distance to (tx, ty) x 1.25 wide, turned so (tx, ty) points up. */
  static aligned(cx, cy, tx, ty) {
    const dx = tx - cx;
    const dy = ty - cy;
    let angle = Math.PI / 2 - Math.atan2(-dy, dx);
    angle -= 2 * Math.PI * Math.floor((angle + Math.PI) / (2 * Math.PI));
    return new Roi(cx, cy, 2 * Math.hypot(dx, dy) * ROI_SCALE, angle);
  }

  /** A point (u, v) in 0..1 of the crop -> frame pixels [x, y]. */
  toFrame(u, v) {
    const c = Math.cos(this.rotation);
    const s = Math.sin(this.rotation);
    return [
      this.cx + this.size * (c * (u - 0.5) - s * (v - 0.5)),
      this.cy + this.size * (s * (u - 0.5) + c * (v - 0.5)),
    ];
  }

  /**
   * The ROI of an RGB frame (Uint8Array/Uint8ClampedArray, `channels` values per pixel:
   * 3 for packed RGB, 4 for a canvas's RGBA) resampled to side x side, each value v written
   * as v * scale + offset into a Float32Array, row-major HWC RGB.
   */
  crop(pixels, height, width, side, scale, offset, channels = 3) {
    const c = (Math.cos(this.rotation) * this.size) / side;
    const s = (Math.sin(this.rotation) * this.size) / side;
    const origin = this.toFrame(0, 0);
    // dst (x, y) samples src at M (x, y, 1): pixel centres sit at +0.5 in both images
    const m0 = c, m1 = -s, m2 = origin[0] + 0.5 * (c - s) - 0.5;
    const m3 = s, m4 = c, m5 = origin[1] + 0.5 * (s + c) - 0.5;
    const out = new Float32Array(side * side * 3);
    const at = (x, y, ch) => (x < 0 || y < 0 || x >= width || y >= height ? 0 : pixels[(y * width + x) * channels + ch]);
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        const fx = m0 * x + m1 * y + m2;
        const fy = m3 * x + m4 * y + m5;
        const sx = Math.floor(fx);
        const sy = Math.floor(fy);
        const ax = fx - sx;
        const ay = fy - sy;
        const o = (y * side + x) * 3;
        for (let ch = 0; ch < 3; ch++) {
          const v = (1 - ax) * (1 - ay) * at(sx, sy, ch) + ax * (1 - ay) * at(sx + 1, sy, ch)
            + (1 - ax) * ay * at(sx, sy + 1, ch) + ax * ay * at(sx + 1, sy + 1, ch);
          out[o + ch] = Math.min(255, Math.max(0, Math.round(v))) * scale + offset;
        }
      }
    }
    return out;
  }
}
