import { defineConfig, devices } from '@playwright/test';
import * as os from 'node:os';
import * as path from 'node:path';

// The server under test: the release build, on a port of its own, with a fresh
// data directory (so the demo organisation is seeded as on a first start).
const port = process.env.E2E_PORT ?? '3300';
const baseURL = `http://127.0.0.1:${port}`;
const dataDir = process.env.E2E_DATA_DIR ?? path.join(os.tmpdir(), `cotiza-e2e-${process.pid}`);

const chromium = {
  browserName: 'chromium' as const,
  launchOptions: {
    // Debian's Chromium: Playwright never downloads a browser here.
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  },
};

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: { baseURL, locale: 'es-CL', trace: 'retain-on-failure', screenshot: 'only-on-failure' },
  projects: [
    { name: 'desktop-js', use: { ...devices['Desktop Chrome'], ...chromium } },
    { name: 'phone-js', use: { ...devices['Pixel 7'], ...chromium } },
    { name: 'phone-nojs', use: { ...devices['Pixel 7'], ...chromium, javaScriptEnabled: false } },
  ],
  webServer: {
    command: `rm -rf "${dataDir}" && ./target/release/server`,
    cwd: path.join(__dirname, '..'),
    url: `${baseURL}/health/ready`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      DATA_DIR: dataDir,
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: 'target/site',
      RUST_LOG: 'warn',
    },
  },
});
