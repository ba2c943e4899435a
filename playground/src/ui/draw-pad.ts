/**
 * A canvas to draw a digit on with the mouse or a finger, and its conversion to an MNIST-like input:
 * the strokes' bounding box scaled to fit 20x20 pixels, centered by mass in a 28x28 image (as MNIST
 * digits were prepared), values in [0, 1].
 */
export class DrawPad {
  private drawing = false;
  private readonly g: CanvasRenderingContext2D;

  constructor(private readonly canvas: HTMLCanvasElement, private readonly onStroke: () => void) {
    this.g = canvas.getContext('2d', { willReadFrequently: true })!;
    this.clear();
    const at = (e: PointerEvent) => {
      const r = canvas.getBoundingClientRect();
      return [((e.clientX - r.left) * canvas.width) / r.width, ((e.clientY - r.top) * canvas.height) / r.height] as const;
    };
    canvas.addEventListener('pointerdown', (e) => {
      this.drawing = true;
      canvas.setPointerCapture(e.pointerId);
      this.g.beginPath();
      this.g.moveTo(...at(e));
    });
    canvas.addEventListener('pointermove', (e) => {
      if (!this.drawing) return;
      this.g.lineTo(...at(e));
      this.g.stroke();
    });
    const end = () => {
      if (!this.drawing) return;
      this.drawing = false;
      this.onStroke();
    };
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointerleave', end);
  }

  clear(): void {
    this.g.fillStyle = '#000';
    this.g.fillRect(0, 0, this.canvas.width, this.canvas.height);
    this.g.strokeStyle = '#fff';
    this.g.lineWidth = this.canvas.width / 12;
    this.g.lineCap = 'round';
    this.g.lineJoin = 'round';
  }

  /** The drawing as 784 values in [0, 1], or null when nothing is drawn. */
  pixels(): number[] | null {
    const { width, height } = this.canvas;
    const src = this.g.getImageData(0, 0, width, height).data;
    let x0 = width, y0 = height, x1 = -1, y1 = -1;
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (src[(y * width + x) * 4] > 0) {
      x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
    }
    if (x1 < 0) return null;
    const side = Math.max(x1 - x0 + 1, y1 - y0 + 1);
    const scale = 20 / side;
    const small = document.createElement('canvas');
    small.width = small.height = 28;
    const s = small.getContext('2d', { willReadFrequently: true })!;
    s.imageSmoothingEnabled = true;
    s.imageSmoothingQuality = 'high';
    // the box scaled into 20x20, then shifted so the center of mass sits at (14, 14)
    const w = (x1 - x0 + 1) * scale, h = (y1 - y0 + 1) * scale;
    s.drawImage(this.canvas, x0, y0, x1 - x0 + 1, y1 - y0 + 1, (28 - w) / 2, (28 - h) / 2, w, h);
    const boxed = s.getImageData(0, 0, 28, 28).data;
    let mass = 0, mx = 0, my = 0;
    for (let i = 0; i < 784; i++) {
      const v = boxed[i * 4] / 255;
      mass += v; mx += v * (i % 28); my += v * Math.floor(i / 28);
    }
    const dx = Math.round(14 - mx / mass - 0.5), dy = Math.round(14 - my / mass - 0.5);
    const out = new Array<number>(784).fill(0);
    for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) {
      const tx = x + dx, ty = y + dy;
      if (tx >= 0 && tx < 28 && ty >= 0 && ty < 28) out[ty * 28 + tx] = boxed[(y * 28 + x) * 4] / 255;
    }
    return out;
  }
}
