import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as rectify from '@rectify/rectify';
import { buildPlayground } from '../../playground/build.js';
import { launchChromium, type Chromium } from './chromium.js';
import { serveStatic, type StaticServer } from '../../tools/static-server.js';

// The playground in headless Chromium, driven as a person would: choose, train, draw, load. Screenshots
// of each state go to test-results/playground/.

const shots = fileURLToPath(new URL('../../test-results/playground/', import.meta.url));
let root: string;
let isolated: StaticServer;
let plain: StaticServer;
let browser: Chromium;
let page: Page;
const errors: string[] = [];

async function openPage(server: StaticServer): Promise<{ tab: Page; loadMs: number }> {
  const tab = await browser.context.newPage();
  await tab.setViewportSize({ width: 1280, height: 900 });
  tab.on('pageerror', (e) => errors.push(e.message));
  tab.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  const start = Date.now();
  await tab.goto(`${server.url}/index.html`);
  await tab.waitForSelector('#mode[data-state="ready"]', { timeout: 15_000 });
  return { tab, loadMs: Date.now() - start };
}

async function train(tab: Page, choices: Record<string, string>): Promise<void> {
  for (const [id, value] of Object.entries(choices)) await tab.selectOption(`#${id}`, value);
  await tab.click('#train');
  await tab.waitForSelector('#train:not([disabled])', { timeout: 60_000 });
}

/** Draws one stroke through `points` (fractions of the pad's width and height). */
async function drawStroke(tab: Page, points: Array<[number, number]>): Promise<void> {
  const box = (await tab.locator('#pad').boundingBox())!;
  const at = ([x, y]: [number, number]) => [box.x + box.width * x, box.y + box.height * y] as const;
  await tab.mouse.move(...at(points[0]));
  await tab.mouse.down();
  for (let i = 1; i < points.length; i++) {
    const [x0, y0] = points[i - 1], [x1, y1] = points[i];
    for (let t = 1; t <= 10; t++) await tab.mouse.move(...at([x0 + ((x1 - x0) * t) / 10, y0 + ((y1 - y0) * t) / 10]));
  }
  await tab.mouse.up();
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'rectify-playground-'));
  mkdirSync(shots, { recursive: true });
  const launching = launchChromium();
  await buildPlayground(root, { perClass: 500 });
  rectify.setSeed(3);
  const served = new rectify.Sequential({ layers: [new rectify.Dense({ units: 8, activation: 'relu', inputShape: [784] }), new rectify.Dense({ units: 10, activation: 'softmax' })] });
  await rectify.saveModel(served, join(root, 'models/small'));
  [isolated, plain] = await Promise.all([serveStatic(root, { isolated: true }), serveStatic(root)]);
  browser = await launching;
  ({ tab: page } = await openPage(isolated));
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([isolated?.close(), plain?.close()]);
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('the playground', () => {
  it('becomes interactive within a few seconds and says it trains with threads when cross-origin isolated', async () => {
    const { tab, loadMs } = await openPage(isolated);
    expect(loadMs).toBeLessThan(5000);
    expect(await tab.getAttribute('#mode', 'data-backend')).toBe('wasm');
    expect(Number(await tab.getAttribute('#mode', 'data-threads'))).toBeGreaterThan(1);
    await tab.close();
  });

  it('says it runs on one thread without cross-origin isolation', async () => {
    const { tab } = await openPage(plain);
    expect(await tab.textContent('#mode')).toMatch(/^Backend: wasm, one thread \(not cross-origin isolated/);
    await tab.screenshot({ path: join(shots, 'not-isolated.png') });
    await tab.close();
  });

  it('trains a ReLU network to at least 0.90 test accuracy on a digit subset, with live statistics', async () => {
    await train(page, { activation: 'relu', depth: '2', width: '64', initializer: 'heNormal', optimizer: 'adam', 'learning-rate': '0.001', epochs: '5' });
    await page.screenshot({ path: join(shots, 'trained.png') });
    expect(await page.getAttribute('#test-accuracy', 'data-epoch')).toBe('5');
    expect(Number(await page.getAttribute('#test-accuracy', 'data-value'))).toBeGreaterThanOrEqual(0.9);
    expect(Number(await page.getAttribute('#dead', 'data-max'))).toBeLessThan(0.5);
    expect(await page.textContent('#status')).toBe('Finished. Draw a digit.');
  });

  it('predicts a digit drawn on the canvas', async () => {
    const drawn = async (name: string, strokes: Array<Array<[number, number]>>) => {
      await page.click('#clear');
      await page.evaluate(() => document.querySelector('#prediction')!.setAttribute('data-digit', ''));
      for (const stroke of strokes) await drawStroke(page, stroke);
      await page.waitForFunction(() => document.querySelector('#prediction')?.getAttribute('data-digit') !== '');
      await page.screenshot({ path: join(shots, `drawn-${name}.png`) });
      return page.getAttribute('#prediction', 'data-digit');
    };
    // a 1: one stroke down the middle, slightly slanted as handwriting is
    expect(await drawn('one', [[[0.55, 0.15], [0.49, 0.85]]])).toBe('1');
    // a 7: a bar, then a long diagonal down to the left
    expect(await drawn('seven', [[[0.25, 0.2], [0.75, 0.2], [0.42, 0.85]]])).toBe('7');
    // a 0: an oval
    const oval = Array.from({ length: 25 }, (_, i) => [0.5 + 0.2 * Math.sin((2 * Math.PI * i) / 24), 0.5 - 0.32 * Math.cos((2 * Math.PI * i) / 24)] as [number, number]);
    expect(await drawn('zero', [oval])).toBe('0');
  });

  it('shows a dying network when ReLU trains at an absurd learning rate', async () => {
    await train(page, { activation: 'relu', optimizer: 'sgd', 'learning-rate': '10', epochs: '1' });
    expect(Number(await page.getAttribute('#dead', 'data-max'))).toBeGreaterThanOrEqual(0.5);
    await page.screenshot({ path: join(shots, 'dying.png') });
  });

  it('pauses, resumes and resets training without blocking the page', async () => {
    await page.selectOption('#epochs', '10');
    await page.selectOption('#learning-rate', '0.001');
    await page.click('#train');
    await page.waitForFunction(() => /batch \d+/.test(document.querySelector('#status')?.textContent ?? ''));
    await page.click('#pause');
    expect(await page.textContent('#status')).toBe('Paused.');
    await page.waitForTimeout(200); // progress posted before the pause arrived
    const loss = await page.textContent('#loss');
    await page.waitForTimeout(300);
    expect(await page.textContent('#loss')).toBe(loss); // no batch ran while paused
    // the page answers while the worker is paused: the activation plot redraws on a change of activation
    await page.selectOption('#activation', 'gelu');
    await page.click('#pause');
    expect(await page.textContent('#pause')).toBe('Pause');
    await page.click('#reset');
    await page.waitForSelector('#train:not([disabled])', { timeout: 30_000 });
    expect(await page.textContent('#status')).toBe('Reset.');
    expect(await page.getAttribute('#test-accuracy', 'data-epoch')).not.toBe('10');
    await page.selectOption('#activation', 'relu');
  });

  it('loads a model.json by URL and shows its summary', async () => {
    await page.fill('#model-url', `${isolated.url}/models/small/model.json`);
    await page.click('#load-url-form button');
    await page.waitForFunction(() => (document.querySelector('#summary')?.textContent ?? '').includes('Total params'));
    expect(await page.textContent('#summary')).toMatch(/Dense/);
  });

  it('loads a model.json and its weights from the file picker and runs it on the drawing', async () => {
    const folder = join(root, 'models/small');
    const files = readdirSync(folder).map((f) => join(folder, f));
    await page.evaluate(() => (document.querySelector('#summary')!.textContent = ''));
    await page.setInputFiles('#model-files', files);
    await page.waitForFunction(() => (document.querySelector('#summary')?.textContent ?? '').includes('Total params'));
    expect(await page.textContent('#summary')).toMatch(/Total params: 6,?370/);
    await page.evaluate(() => (document.querySelector('#prediction')!.setAttribute('data-digit', '')));
    await page.click('#clear');
    await drawStroke(page, [[0.5, 0.2], [0.5, 0.8]]);
    await page.waitForFunction(() => document.querySelector('#prediction')?.getAttribute('data-digit') !== '');
    expect(await page.getAttribute('#prediction', 'data-digit')).toMatch(/^\d$/);
  });

  it('logged no errors', () => {
    expect(errors).toEqual([]);
  });
});
