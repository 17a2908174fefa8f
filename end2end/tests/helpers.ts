import { expect, Page, TestInfo } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
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

/** Signs up a new organisation (CLP, Spanish) with its admin and lands on /app. */
export async function signUp(page: Page, info: TestInfo, slug: string) {
  await page.goto('/signup');
  if (jsOff(info) === false) await hydrated(page);
  await page.getByLabel('Nombre de la empresa').fill(`Láminas ${slug}`);
  await page.getByLabel('Dirección pública').fill(slug);
  await page.getByLabel('Teléfono de la empresa (WhatsApp)').fill('+56 9 1234 5678');
  // Tests start from an empty catalog (the starter one is checked by default).
  await page.getByLabel('Cargar catálogo inicial').uncheck();
  await page.getByLabel('Tu nombre').fill('Ana Admin');
  await page.getByLabel('Email').fill(`admin@${slug}.test`);
  await page.getByLabel('Contraseña (mínimo 10 caracteres)').fill(PASSWORD);
  await page.getByLabel('Repite la contraseña').fill(PASSWORD);
  await page.getByRole('button', { name: 'Crear cuenta' }).click();
  await expect(page).toHaveURL(/\/app$/);
}

/** Adds the film most tests quote with — SOL-50, residential, CLP 10.000 + 5.000 per m² — and returns its id. */
export async function addSol50(page: Page): Promise<string> {
  const product = await page.request.post('/api/v1/products', {
    data: { sku: 'SOL-50', name_es: 'Control solar 50', type: 'solar_control', unit: 'm2', verticals: ['residential'],
      price: { material_price: '10000', installation_price: '5000' } },
  });
  expect(product.status()).toBe(201);
  return (await product.json()).id;
}

/** The UTC calendar day `days` from today, as `YYYY-MM-DD` (the server's "today" is UTC too). */
export function dayFromToday(days: number) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * A small video made with the `ffmpeg` CLI (once per machine, kept in the temp
 * folder): `seconds` of FFmpeg's moving test pattern at `size`, H.264 in MP4.
 */
export function ffmpegTestVideo(size = '360x640', seconds = 6): string {
  const file = path.join(os.tmpdir(), `cotiza-e2e-testsrc2-${size}-${seconds}s.mp4`);
  if (!fs.existsSync(file)) {
    const partial = `${file}.${process.pid}.part.mp4`;
    execFileSync('ffmpeg', ['-y', '-loglevel', 'error', '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=30`,
      '-t', String(seconds), '-c:v', 'libx264', '-pix_fmt', 'yuv420p', partial]);
    fs.renameSync(partial, file);
  }
  return file;
}

/** A text file whose name says it is a video (content checks must refuse it). */
export function fakeVideoFile(): string {
  const file = path.join(os.tmpdir(), 'cotiza-e2e-not-a-video.mp4');
  fs.writeFileSync(file, 'Esto no es un video: solo texto con extensión .mp4.\n'.repeat(20));
  return file;
}
