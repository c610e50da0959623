// Checks the layout of a classification page (export --web or serve; both share page.css and page.js) in headless
// Chromium: for each viewport and class count it loads the page, classifies an image, and prints the boxes of the
// header, drop zone, preview and result (bars), the page's scroll width, and a full-page screenshot's path, as one
// JSON array. The class list is widened to N names (the model's own first, then long generated ones) by answering
// the page's class request (GET model on serve, labels.json on the export page) with the real answer extended;
// the prediction itself is the real one.
//
// Usage: node page-layout.mjs <url> <image-path> <screenshot-dir> <WxH,...> <class-counts,...>
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [url, image, screenshots, viewportsArg, countsArg] = process.argv.slice(2);
if (!url || !image || !screenshots || !viewportsArg || !countsArg) {
  console.error('usage: node page-layout.mjs <url> <image-path> <screenshot-dir> <WxH,...> <class-counts,...>');
  process.exit(2);
}
const timeout = 120000;
const viewports = viewportsArg.split(',').map((v) => v.split('x').map(Number));
const counts = countsArg.split(',').map(Number);
mkdirSync(screenshots, { recursive: true });

function widen(labels, count) {
  const names = [...labels];
  for (let i = names.length; i < count; i++) {
    names.push(i % 7 === 0 ? `a_really_long_class_name_without_any_spaces_${i}` : `class ${i} name`);
  }
  return names;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const results = [];
try {
  for (const [width, height] of viewports) {
    for (const count of counts) {
      const context = await browser.newContext({ viewport: { width, height } });
      const page = await context.newPage();
      await page.route(/\/(model|labels\.json)$/, async (route) => {
        const response = await route.fetch();
        const json = await response.json();
        const body = Array.isArray(json) ? widen(json, count) : { ...json, labels: widen(json.labels, count) };
        await route.fulfill({ response, json: body });
      });
      await page.goto(url, { waitUntil: 'load', timeout });
      await page.setInputFiles('#image', image);
      await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state), null, { timeout });
      await page.waitForFunction((n) => document.querySelectorAll('#classes li').length === n, count, { timeout });
      const state = await page.evaluate(() => document.body.dataset.state);
      if (state === 'error') {
        console.error(`page error: ${await page.textContent('#error')}`);
        process.exit(1);
      }
      const layout = await page.evaluate(() => {
        const box = (selector) => {
          const r = document.querySelector(selector).getBoundingClientRect();
          return { x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height };
        };
        return {
          boxes: { header: box('header'), drop: box('#drop'), preview: box('#preview'), result: box('#result') },
          scrollWidth: document.documentElement.scrollWidth,
          classesShown: document.querySelectorAll('#classes li').length,
        };
      });
      const screenshot = join(screenshots, `${width}x${height}-${count}-classes.png`);
      await page.screenshot({ path: screenshot, fullPage: true });
      results.push({ width, height, classes: count, ...layout, screenshot });
      await context.close();
    }
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(results));
