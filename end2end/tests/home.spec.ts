import { expect, test } from '@playwright/test';
import { hydrated, jsOff, keepScreenshot } from './helpers';

// Demo catalog (pricing contract), on its catalog page's estimate, floor 1, tax 0.19, window waste 0.15 for laminate/solar.
// 1.20 x 1.50 x 2 of SEC-CLEAR-4MIL: 4.14 m2 -> 186.30 + 62.10 = 248.40; tax 47.20; total 295.60.
// Width 2: 6.9 m2 -> 310.50 + 103.50 = 414.00; tax 78.66; total 492.66.
// Width 2 of SOL-CERAMIC-70: 6.9 m2 -> 586.50 + 138.00 = 724.50; tax 137.66; total 862.16.

test('the landing page is for installers: what Cotiza does, sign up and log in', async ({ page }, info) => {
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cotizaciones exactas para tu negocio de láminas');
  await expect(page.getByTestId('signup-link')).toHaveAttribute('href', '/signup?lang=es');
  await expect(page.getByTestId('login-link')).toHaveAttribute('href', '/login?lang=es');
  await expect(page.getByTestId('demo-link')).toHaveAttribute('href', '/q/demo?lang=es');
  await expect(page.getByTestId('features').locator('li')).toHaveCount(4);
  // Tailwind's stylesheet is served and applied.
  const background = await page.getByTestId('signup-link').evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(background).not.toBe('rgba(0, 0, 0, 0)');
  await keepScreenshot(page, info, 'home');
});

test('the estimate on a catalog page reprices as the customer types (JS) or from the URL (no JS)', async ({ page }, info) => {
  await page.goto('/q/demo/catalogo');
  if (!jsOff(info)) await hydrated(page);
  await expect(page.getByTestId('total')).toHaveText('US$295,60');
  await expect(page.getByTestId('area')).toHaveText('4,14 m²');
  if (jsOff(info)) {
    await page.goto('/q/demo/catalogo?width=2&height=1.50&quantity=2&sku=SEC-CLEAR-4MIL');
    await expect(page.getByTestId('total')).toHaveText('US$492,66');
    await page.goto('/q/demo/catalogo?width=2&height=1.50&quantity=2&sku=SOL-CERAMIC-70');
    await expect(page.getByTestId('total')).toHaveText('US$862,16');
    return;
  }
  await page.getByLabel('Ancho (m)').fill('2');
  await expect(page.getByTestId('total')).toHaveText('US$492,66');
  await page.getByLabel('Lámina').selectOption('SOL-CERAMIC-70');
  await expect(page.getByTestId('total')).toHaveText('US$862,16');
  // Priced in the browser: no page load happened.
  await expect(page).toHaveURL(/\/q\/demo\/catalogo$/);
  await keepScreenshot(page, info, 'estimate');
});

test('the page switches to English', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Exact quotes for your window-film business');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByTestId('signup-link')).toHaveText('Sign up');
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
