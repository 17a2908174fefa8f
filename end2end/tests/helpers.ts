import { expect, Page, TestInfo } from '@playwright/test';
import * as path from 'node:path';

/** True in the project that runs with JavaScript off. */
export const jsOff = (info: TestInfo) => info.project.use.javaScriptEnabled === false;

/** Waits until the WASM bundle has hydrated the page (the frontend marks <body>). */
export async function hydrated(page: Page) {
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
}

/** Keeps a screenshot as a test artifact under end2end/artifacts/<project>/. */
export async function keepScreenshot(page: Page, info: TestInfo, name: string) {
  await page.screenshot({
    path: path.join(__dirname, '..', 'artifacts', info.project.name, `${name}.png`),
    fullPage: true,
  });
}

/** Collects Content-Security-Policy violations the page reports; expect it empty at the end. */
export function cspViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) seen.push(msg.text());
  });
  return seen;
}

/** A short unique organisation slug for this test run and project. */
export function uniqueSlug(info: TestInfo, prefix: string) {
  return `${prefix}-${info.project.name.replace(/[^a-z]/g, '')}-${Date.now().toString(36)}`.slice(0, 40);
}

export const PASSWORD = 'lamina-segura-2026';
