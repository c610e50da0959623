// Classifies an image in the browser with the exported model: the image is drawn onto a 224x224 canvas (the
// model's input size; the model does not resize), its RGB bytes become a uint8 [1, H, W, 3] tensor, and
// onnxruntime-web's wasm backend runs model.onnx. The page contract (body.dataset.state, #top-label,
// #top-probability, #error) is what tests/browser/classify-page.mjs reads.
'use strict';

const shownClasses = 5;
const body = document.body;
const status = document.getElementById('status');
const canvas = document.getElementById('preview');

// Single-threaded wasm: threads need cross-origin isolation headers that a plain static server does not send.
ort.env.wasm.numThreads = 1;
ort.env.wasm.wasmPaths = new URL('./', document.baseURI).href;

const ready = Promise.all([
  fetch('labels.json').then((response) => {
    if (!response.ok) {
      throw new Error(`labels.json: HTTP ${response.status}`);
    }
    return response.json();
  }),
  ort.InferenceSession.create('model.onnx', { executionProviders: ['wasm'] }),
]);

ready.then(
  () => {
    status.textContent = 'Model loaded. Choose an image.';
    if (body.dataset.state === 'loading') {
      body.dataset.state = 'ready';
    }
  },
  (error) => fail(error));

function fail(error) {
  document.getElementById('error').textContent = `Error: ${error.message ?? error}`;
  status.textContent = '';
  body.dataset.state = 'error';
}

async function classify(file) {
  body.dataset.state = 'busy';
  document.getElementById('error').textContent = '';
  try {
    const [labels, session] = await ready;
    status.textContent = `Classifying ${file.name}...`;
    const [height, width] = inputSize(session);
    const pixels = await readPixels(file, width, height);
    const input = new ort.Tensor('uint8', pixels, [1, height, width, 3]);
    const outputs = await session.run({ image: input });
    show(labels, Array.from(outputs.probabilities.data));
    status.textContent = file.name;
    body.dataset.state = 'done';
  } catch (error) {
    fail(error);
  }
}

// The model's input is [N, H, W, 3]; runtimes without input metadata get ResNet-50's 224x224.
function inputSize(session) {
  const dims = session.inputMetadata?.[0]?.shape?.slice(1, 3) ?? [];
  return dims.length === 2 && dims.every(Number.isInteger) ? dims : [224, 224];
}

// Decodes without colour-space conversion so the bytes are the file's, as the tool's own reader sees them.
async function readPixels(file, width, height) {
  const bitmap = await createImageBitmap(file, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  canvas.width = width;
  canvas.height = height;
  canvas.hidden = false;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  context.imageSmoothingQuality = 'high';
  context.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  const rgba = context.getImageData(0, 0, width, height).data;
  const rgb = new Uint8Array(width * height * 3);
  for (let source = 0, target = 0; source < rgba.length; source += 4) {
    rgb[target++] = rgba[source];
    rgb[target++] = rgba[source + 1];
    rgb[target++] = rgba[source + 2];
  }
  return rgb;
}

function show(labels, probabilities) {
  const ranked = probabilities.map((p, i) => ({ label: labels[i], p })).sort((a, b) => b.p - a.p);
  document.getElementById('top-label').textContent = ranked[0].label;
  document.getElementById('top-probability').textContent = ranked[0].p.toFixed(4);
  const list = document.getElementById('classes');
  list.replaceChildren(...ranked.slice(0, shownClasses).map(({ label, p }) => {
    const row = document.createElement('div');
    row.className = 'row';
    const name = document.createElement('span');
    name.textContent = label;
    const bar = document.createElement('div');
    bar.className = 'bar';
    const fill = document.createElement('div');
    fill.style.width = `${(p * 100).toFixed(1)}%`;
    bar.append(fill);
    const value = document.createElement('span');
    value.textContent = `${(p * 100).toFixed(1)}%`;
    row.append(name, bar, value);
    return row;
  }));
}

document.getElementById('image').addEventListener('change', (event) => {
  const [file] = event.target.files;
  if (file) {
    classify(file);
  }
});

const drop = document.getElementById('drop');
drop.addEventListener('dragover', (event) => {
  event.preventDefault();
  drop.classList.add('over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (event) => {
  event.preventDefault();
  drop.classList.remove('over');
  const [file] = event.dataTransfer.files;
  if (file) {
    classify(file);
  }
});
