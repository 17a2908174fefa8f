import { expect, test } from '@playwright/test';
import { hydrated, jsOff, keepScreenshot } from './helpers';

// Demo catalog (pricing contract), floor 1, tax 0.19, window waste 0.15 for laminate/solar.
// 1.20 x 1.50 x 2 of SEC-CLEAR-4MIL: 4.14 m2 -> 186.30 + 62.10 = 248.40; tax 47.20; total 295.60.
// Width 2: 6.9 m2 -> 310.50 + 103.50 = 414.00; tax 78.66; total 492.66.
// Width 2 of SOL-CERAMIC-70: 6.9 m2 -> 586.50 + 138.00 = 724.50; tax 137.66; total 862.16.

test('the landing page is rendered on the server with a priced estimate', async ({ page }, info) => {
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cotizaciones exactas de láminas para vidrios');
  await expect(page.getByTestId('wizard-link')).toHaveAttribute('href', '/q/demo?lang=es');
  await expect(page.getByTestId('total')).toHaveText('US$295.60');
  await expect(page.getByTestId('area')).toHaveText('4,14 m²');
  // Tailwind's stylesheet is served and applied.
  const background = await page.getByTestId('wizard-link').evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(background).not.toBe('rgba(0, 0, 0, 0)');
  await keepScreenshot(page, info, 'home');
});

test('the estimate reprices as the customer types (JS) or submits (no JS)', async ({ page }, info) => {
  await page.goto('/');
  if (!jsOff(info)) await hydrated(page);
  await page.getByLabel('Ancho (m)').fill('2');
  if (jsOff(info)) {
    await page.getByRole('button', { name: 'Calcular' }).click();
    await expect(page).toHaveURL(/width=2/);
  }
  await expect(page.getByTestId('total')).toHaveText('US$492.66');
  await page.getByLabel('Lámina').selectOption('SOL-CERAMIC-70');
  if (jsOff(info)) await page.getByRole('button', { name: 'Calcular' }).click();
  await expect(page.getByTestId('total')).toHaveText('US$862.16');
  if (!jsOff(info)) {
    // Priced in the browser: no page load happened.
    await expect(page).toHaveURL(/\/$/);
  }
  await page.getByLabel('Ancho (m)').fill('25');
  if (jsOff(info)) await page.getByRole('button', { name: 'Calcular' }).click();
  await expect(page.getByTestId('estimate-error')).toContainText('Ancho: must be at most 20');
  await keepScreenshot(page, info, 'estimate-error');
});

test('the page switches to English', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Exact quotes for window film');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByTestId('wizard-link')).toHaveText('Get a quote');
});

test('the demo organisation shows its catalog; an unknown one is a 404', async ({ page }, info) => {
  const ok = await page.goto('/q/demo/catalogo');
  expect(ok?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cotiza Demo');
  await expect(page.getByTestId('catalog-product')).toHaveCount(11);
  const ceramic = page.locator('[data-testid="catalog-product"][data-sku="SOL-CERAMIC-70"]');
  await expect(ceramic).toContainText('Control solar cerámico 70');
  await expect(ceramic).toContainText('Luz visible 70 %');
  await expect(ceramic).toContainText('Garantía 12 años');
  await keepScreenshot(page, info, 'catalog');
  const missing = await page.goto('/q/no-such-org');
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Organización no encontrada');
});
