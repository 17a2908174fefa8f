import AxeBuilder from '@axe-core/playwright';
import { expect, Page, test, TestInfo } from '@playwright/test';
import { cspViolations, hydrated, jsOff, keepScreenshot } from './helpers';

// The demo organisation: USD, tax 0.19, legal minimum 35 % VLT on front side windows.
// A sedan's glass (crates/domain/data/glass_templates.csv), priced by the pricing contract:
//   front left and right 0.95 x 0.50, window (+15 % waste): 0.54625 m2 of AUTO-CARBON-05 (40 + 22)
//     -> 21.85 + 12.02 = 33.87 each
//   rear windshield 1.25 x 0.60, curved (+30 % waste, installation x 1.5): 0.975 m2 of AUTO-CERAMIC-70 (60 + 25)
//     -> 58.50 + 36.56 = 95.06
// Subtotal 162.80, no volume discount, tax 30.93, total 193.73 — the same figures the engine gives
// in app/src/automotive_form.rs (the_live_price_is_the_plan_priced_by_the_engine).
const TOTAL = 'US$193,73';
const VIN = '1HGCM82633A004352';

/** Clicks a wizard button; without JavaScript it is a page load, so wait for it. */
async function press(page: Page, info: TestInfo, locator: ReturnType<Page['locator']>) {
  if (jsOff(info)) {
    await Promise.all([page.waitForLoadState('load'), locator.click()]);
  } else {
    await locator.click();
  }
}

/** Types a VIN; without JavaScript the server reads it when asked. */
async function typeVin(page: Page, info: TestInfo, vin: string) {
  await page.getByLabel('VIN (opcional)').fill(vin);
  if (jsOff(info)) await press(page, info, page.getByRole('button', { name: 'Leer el VIN' }));
}

const glass = (page: Page, position: string) => page.locator(`[data-testid="glass"][data-position="${position}"]`);

async function chooseGlass(page: Page, position: string, sku: string) {
  await page.locator(`input[name="glass"][value="${position}"]`).check();
  await page.locator(`select[name="film.${position}"]`).selectOption(sku);
}

async function expectAccessible(page: Page, info: TestInfo, what: string) {
  if (jsOff(info)) return;
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, `axe on ${what}`).toEqual([]);
}

test('a customer quotes a car by its windows and lands on the quote', async ({ page }, info) => {
  test.setTimeout(90_000);
  const csp = cspViolations(page);
  await page.goto('/q/demo');
  if (!jsOff(info)) await hydrated(page);
  await press(page, info, page.getByTestId('vertical-automotive'));
  await expect(page).toHaveURL(/\/q\/demo\/auto/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cotiza el polarizado de tu vehículo');

  // A mistyped VIN names the rule it breaks; the right one is decoded offline.
  await typeVin(page, info, '1HGCM82633A004353');
  await expect(page.getByTestId('vin-hint')).toHaveAttribute('data-state', 'error');
  await expect(page.getByTestId('vin-hint')).toContainText('dígito verificador');
  await typeVin(page, info, VIN);
  await expect(page.getByTestId('vin-hint')).toHaveAttribute('data-state', 'ok');
  await expect(page.getByTestId('vin-hint')).toContainText('Honda');
  await expect(page.getByTestId('vin-hint')).toContainText('2003');
  await expect(page.getByLabel('Marca')).toHaveValue('Honda');
  await expect(page.getByLabel('Año modelo')).toHaveValue('2003');
  await page.getByLabel('Modelo', { exact: true }).fill('Accord');
  await page.getByLabel('Carrocería').selectOption('sedan');
  await press(page, info, page.getByTestId('to-glass'));

  // The sedan's glass, each with its film; the dark film on the front doors is warned about.
  await expect(page.getByTestId('vehicle-summary')).toContainText('Honda Accord 2003');
  await chooseGlass(page, 'front_left', 'AUTO-CARBON-05');
  await chooseGlass(page, 'front_right', 'AUTO-CARBON-05');
  await chooseGlass(page, 'rear_windshield', 'AUTO-CERAMIC-70');
  if (jsOff(info)) await press(page, info, page.getByRole('button', { name: 'Actualizar precio' }));
  await expect(glass(page, 'front_left').getByTestId('tint-warning')).toContainText('35 %');
  await expect(glass(page, 'front_right').getByTestId('tint-warning')).toBeVisible();
  await expect(glass(page, 'rear_windshield').getByTestId('tint-warning')).toHaveCount(0);
  // The packages were not chosen: the warnings of windows chosen one by one are not repeated on them.
  await expect(page.getByTestId('package').getByTestId('tint-warning')).toHaveCount(0);
  await expect(glass(page, 'front_left')).toContainText('Luz visible 5 %');
  const total = page.getByTestId('live-price').getByTestId('total');
  await expect(total).toHaveText(TOTAL);
  await expect(page.getByTestId('price-line')).toHaveCount(3);
  const shown = await total.textContent();
  await keepScreenshot(page, info, 'automotive-glass');
  await expectAccessible(page, info, 'the glass step');

  await press(page, info, page.getByTestId('to-contact'));
  await page.getByLabel('Nombre y apellido').fill('Camila Soto');
  await page.getByLabel('Teléfono / WhatsApp').fill('+56 9 8765 4321');
  await page.getByLabel('Dirección (opcional)', { exact: true }).fill('Av. Grecia 1200');
  await page.getByLabel('Comuna / ciudad').fill('Ñuñoa');
  await expect(page.getByTestId('live-price').getByTestId('total')).toHaveText(TOTAL);
  await press(page, info, page.getByTestId('submit-quote'));

  await expect(page).toHaveURL(/\/p\/[A-Za-z0-9_-]{43}/);
  await expect(page.getByTestId('quote-total')).toHaveText(shown ?? TOTAL);
  await expect(page.getByTestId('quote-status')).toHaveText('Pendiente');
  await expect(page.getByTestId('customer-name')).toHaveText('Camila Soto');
  await keepScreenshot(page, info, 'automotive-quote');
  expect(csp).toEqual([]);
});

test('the automotive wizard speaks English and keeps the customer on a bad vehicle', async ({ page }, info) => {
  await page.goto('/q/demo/auto?lang=en');
  if (!jsOff(info)) await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText("Quote your vehicle's window tint");
  await page.getByLabel('VIN (optional)').fill('1HGCM8263');
  if (jsOff(info)) await press(page, info, page.getByRole('button', { name: 'Read the VIN' }));
  await expect(page.getByTestId('vin-hint')).toHaveAttribute('data-state', 'error');
  await expect(page.getByTestId('vin-hint')).toContainText('a VIN has 17 characters; this one has 9');
  // Nothing else typed: the next step waits for the vehicle.
  await press(page, info, page.getByTestId('to-glass'));
  await expect(page.getByTestId('to-glass')).toBeVisible();
  await expect(page.getByText('is required').first()).toBeVisible();
  await expect(page.getByLabel('VIN (optional)')).toHaveValue('1HGCM8263');
});

test('the car wizard keeps its draft through a reload, and suggests makes and models', async ({ page }, info) => {
  test.skip(jsOff(info), 'without JavaScript the draft lives in the URL instead');
  await page.goto('/q/demo/auto');
  await hydrated(page);
  await page.getByLabel('Marca').fill('Toyota');
  // The models offered follow the make typed.
  await expect(page.locator('#vehicle-models option[value="Corolla"]')).toHaveCount(1);
  await expect(page.locator('#vehicle-makes option[value="Honda"]')).toHaveCount(1);
  await page.getByLabel('Modelo', { exact: true }).fill('Corolla');
  await page.reload();
  await hydrated(page);
  await expect(page.getByLabel('Marca')).toHaveValue('Toyota');
  await expect(page.getByLabel('Modelo', { exact: true })).toHaveValue('Corolla');
});
