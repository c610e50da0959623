// Classifies an image in the browser with the exported model: the image is drawn onto a 224x224 canvas (the
// model's input size; the model does not resize), its RGB bytes become a uint8 [1, H, W, 3] tensor, and
// onnxruntime-web's wasm backend runs model.onnx. Layout, class list and bars are page.js's, shared with serve.
'use strict';

const shownClasses = 5;
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
  ([labels]) => {
    ClassifierPage.showModel(labels, ['runs in this browser']);
    if (document.body.dataset.state === 'loading') {
      document.body.dataset.state = 'ready';
    }
  },
  (error) => ClassifierPage.fail(`Error: ${error.message ?? error}`));

async function classify(file) {
  ClassifierPage.busy();
  try {
    const [labels, session] = await ready;
    const [height, width] = inputSize(session);
    const pixels = await readPixels(file, width, height);
    const input = new ort.Tensor('uint8', pixels, [1, height, width, 3]);
    const outputs = await session.run({ image: input });
    const ranked = Array.from(outputs.probabilities.data)
      .map((probability, i) => ({ label: labels[i], probability }))
      .sort((a, b) => b.probability - a.probability);
    ClassifierPage.showResult(ranked.slice(0, shownClasses));
  } catch (error) {
    ClassifierPage.fail(`Error: ${error.message ?? error}`);
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

ClassifierPage.onImage(classify);
