// Opens a classification page in headless Chromium, picks an image in its file input, waits for the page to
// classify it, and prints the predicted label as JSON: {"label": "...", "probability": 0.97}.
//
// Page contract (shared by `export --web` and `serve`): an <input type="file" id="image">, and once a result is
// shown, document.body.dataset.state === "done" with the top class in #top-label and its probability in
// #top-probability; on failure dataset.state === "error" with the message in #error.
//
// Usage: node classify-page.mjs <url> <image-path> [timeout-ms]
import { chromium } from 'playwright-core';

const [url, image, timeoutArg] = process.argv.slice(2);
if (!url || !image) {
  console.error('usage: node classify-page.mjs <url> <image-path> [timeout-ms]');
  process.exit(2);
}
const timeout = Number(timeoutArg ?? 120000);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  const failedRequests = [];
  page.on('requestfailed', (request) => failedRequests.push(request.url()));
  await page.goto(url, { waitUntil: 'load', timeout });
  await page.setInputFiles('#image', image);
  await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state), null, { timeout });
  const state = await page.evaluate(() => document.body.dataset.state);
  if (state === 'error') {
    console.error(`page error: ${await page.textContent('#error')}`);
    process.exit(1);
  }
  const label = (await page.textContent('#top-label')).trim();
  const probability = Number((await page.textContent('#top-probability')).trim());
  console.log(JSON.stringify({ label, probability, failedRequests }));
} finally {
  await browser.close();
}
