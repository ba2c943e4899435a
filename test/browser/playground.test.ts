import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as rectify from 'rectify';
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
    const box = (await page.locator('#pad').boundingBox())!;
    // a 1: one stroke down the middle, slightly slanted as handwriting is
    await page.mouse.move(box.x + box.width * 0.55, box.y + box.height * 0.15);
    await page.mouse.down();
    for (let t = 1; t <= 20; t++) await page.mouse.move(box.x + box.width * (0.55 - 0.06 * (t / 20)), box.y + box.height * (0.15 + 0.7 * (t / 20)));
    await page.mouse.up();
    await page.waitForFunction(() => document.querySelector('#prediction')?.getAttribute('data-digit') !== '');
    expect(await page.getAttribute('#prediction', 'data-digit')).toBe('1');
    await page.screenshot({ path: join(shots, 'drawn-one.png') });
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

  it('logged no errors', () => {
    expect(errors).toEqual([]);
  });
});
