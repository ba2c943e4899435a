// MobileNetV1 inference (width 0.25, 96x96 RGB input, the 13 depthwise-separable blocks of the paper), images
// per second at batch 1 and 32. Both implementations build the same architecture; the weights are random.
import { argImpl, loadTf, quick, report } from '../lib/impl.js';

const impl = argImpl();
const SIZE = 96;
// [pointwise filters at width 1, stride of the depthwise convolution]
const BLOCKS: Array<[number, number]> = [[64, 1], [128, 2], [128, 1], [256, 2], [256, 1], [512, 2], [512, 1], [512, 1], [512, 1], [512, 1], [512, 1], [1024, 2], [1024, 1]];
const width = (f: number) => Math.max(8, Math.round(f * 0.25));
const pixels = (batch: number) => Float32Array.from({ length: batch * SIZE * SIZE * 3 }, (_, i) => Math.sin(i) * 0.5 + 0.5);
let predict: (batch: number) => () => void;

if (impl === 'rectify') {
  const r = await import('@rectify/rectify');
  r.setSeed(1);
  const x = r.input({ shape: [SIZE, SIZE, 3] });
  const unit = (t: any, layer: any) => new r.ReLU({ maxValue: 6 }).apply(new r.BatchNormalization().apply(layer.apply(t)));
  let h = unit(x, new r.Conv2D({ filters: width(32), kernelSize: 3, strides: 2, padding: 'same', useBias: false }));
  for (const [filters, strides] of BLOCKS) {
    const padded = strides === 2 ? new r.ZeroPadding2D({ padding: [[0, 1], [0, 1]] }).apply(h) : h;
    h = unit(padded, new r.DepthwiseConv2D({ kernelSize: 3, strides, padding: strides === 2 ? 'valid' : 'same', useBias: false }));
    h = unit(h, new r.Conv2D({ filters: width(filters), kernelSize: 1, useBias: false }));
  }
  const model = new r.Model({ inputs: x, outputs: new r.Dense({ units: 10, activation: 'softmax' }).apply(new r.GlobalAveragePooling2D().apply(h)) });
  predict = (batch) => {
    const images = r.tensor(pixels(batch), [batch, SIZE, SIZE, 3]);
    return () => model.predict(images, { batchSize: batch }).dataSync();
  };
} else {
  const tf = await loadTf(impl);
  const x = tf.input({ shape: [SIZE, SIZE, 3] });
  const unit = (t: any, layer: any) => tf.layers.reLU({ maxValue: 6 }).apply(tf.layers.batchNormalization({}).apply(layer.apply(t)));
  let h = unit(x, tf.layers.conv2d({ filters: width(32), kernelSize: 3, strides: 2, padding: 'same', useBias: false }));
  for (const [filters, strides] of BLOCKS) {
    const padded = strides === 2 ? tf.layers.zeroPadding2d({ padding: [[0, 1], [0, 1]] }).apply(h) : h;
    h = unit(padded, tf.layers.depthwiseConv2d({ kernelSize: 3, strides, padding: strides === 2 ? 'valid' : 'same', useBias: false }));
    h = unit(h, tf.layers.conv2d({ filters: width(filters), kernelSize: 1, useBias: false }));
  }
  const model = tf.model({ inputs: x, outputs: tf.layers.dense({ units: 10, activation: 'softmax' }).apply(tf.layers.globalAveragePooling2d({}).apply(h)) as any });
  predict = (batch) => {
    const images = tf.tensor(pixels(batch), [batch, SIZE, SIZE, 3]);
    return () => {
      const y = model.predict(images) as any;
      y.dataSync();
      y.dispose();
    };
  };
}

const result: Record<string, number> = {};
for (const batch of [1, 32]) {
  const run = predict(batch);
  run(); // warm-up
  const reps = quick ? 2 : batch === 1 ? 30 : 4;
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) run();
  result[`mobilenet 0.25 96px batch ${batch} images/s`] = (batch * reps) / ((performance.now() - t0) / 1000);
}
report(result);
