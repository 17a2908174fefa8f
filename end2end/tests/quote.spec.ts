import AxeBuilder from '@axe-core/playwright';
import { expect, Page, test, TestInfo } from '@playwright/test';
import { cspViolations, hydrated, jsOff, keepScreenshot, signUp, uniqueSlug, addSol50 } from './helpers';

// Demo catalog, tax 0.19. Three rooms on floor 1:
//   Living: window 1.20 x 1.50 x 2, SOL-CERAMIC-70: 4.14 m2 -> 351.90 + 82.80 = 434.70
//   Dormitorio: sliding door 2.40 x 2.10, SEC-CLEAR-4MIL: 5.796 m2 -> 260.82 + 86.94 = 347.76
//   Baño: shower enclosure 0.90 x 1.90, DEC-FROSTED-FULL: 2.0178 m2 -> 110.98 + 24.21 = 135.19
// Subtotal 917.65, no volume discount, tax 174.35, total 1,092.00.
const TOTAL = 'US$1.092,00';

const field = (page: Page, room: number, opening: number, name: string) =>
  page.locator(`[name="rooms[${room}].openings[${opening}].${name}"]`);

/** Clicks a wizard button; without JavaScript it is a page load, so wait for it. */
async function press(page: Page, info: TestInfo, locator: ReturnType<Page['locator']>) {
  if (jsOff(info)) {
    await Promise.all([page.waitForLoadState('load'), locator.click()]);
  } else {
    await locator.click();
  }
}

async function fillOpening(page: Page, room: number, kind: string, w: string, h: string, q: string, sku: string) {
  await field(page, room, 0, 'kind').selectOption(kind);
  await field(page, room, 0, 'width').fill(w);
  await field(page, room, 0, 'height').fill(h);
  await field(page, room, 0, 'quantity').fill(q);
  await field(page, room, 0, 'sku').selectOption(sku);
}

/** axe-core runs in the page: the JavaScript projects check the same server-rendered markup. */
async function expectAccessible(page: Page, info: TestInfo, what: string) {
  if (jsOff(info)) return;
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, `axe on ${what}`).toEqual([]);
}

test('a customer quotes three rooms on a phone and confirms the quote', async ({ page }, info) => {
  // Without JavaScript every button is a page load.
  test.setTimeout(90_000);
  const csp = cspViolations(page);
  await page.goto('/q/demo');
  if (!jsOff(info)) await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cotiza tus láminas en minutos');
  await press(page, info, page.getByTestId('vertical-residential'));

  // Room 1: the living room's window.
  await expect(page.locator('[name="rooms[0].name"]')).toHaveValue('Living');
  await fillOpening(page, 0, 'window', '1,20', '1,50', '2', 'SOL-CERAMIC-70');
  if (!jsOff(info)) {
    // Priced in the browser as the customer types.
    await expect(page.getByTestId('live-price').getByTestId('total')).toHaveText('US$517,29');
  }
  // Room 2 and 3.
  await press(page, info, page.getByTestId('add-room'));
  await page.locator('[name="rooms[1].name"]').fill('Dormitorio');
  await press(page, info, page.getByTestId('room').nth(1).getByTestId('add-opening'));
  await fillOpening(page, 1, 'sliding_door', '2,40', '2,10', '1', 'SEC-CLEAR-4MIL');
  await press(page, info, page.getByTestId('add-room'));
  await page.locator('[name="rooms[2].name"]').fill('Baño');
  await press(page, info, page.getByTestId('room').nth(2).getByTestId('add-opening'));
  await fillOpening(page, 2, 'shower_enclosure', '0,90', '1,90', '1', 'DEC-FROSTED-FULL');
  if (jsOff(info)) await press(page, info, page.getByRole('button', { name: 'Actualizar precio' }));
  await expect(page.getByTestId('live-price').getByTestId('total')).toHaveText(TOTAL);
  await expect(page.getByTestId('price-line')).toHaveCount(3);
  if (!jsOff(info)) {
    // Finished rooms fold to one line (openings, area, price); the room being edited stays open.
    const rooms = page.getByTestId('room');
    await expect(rooms.nth(0)).not.toHaveAttribute('open');
    await expect(rooms.nth(1)).not.toHaveAttribute('open');
    await expect(rooms.nth(2)).toHaveAttribute('open', '');
    await expect(rooms.nth(0).getByTestId('room-line')).toHaveText(/^1 abertura · [\d.,]+ m² · US\$[\d.,]+/);
    console.log(`rooms step, ${info.project.name}: ${await page.evaluate(() => document.documentElement.scrollHeight)} px tall folded`);
    await rooms.nth(0).getByTestId('room-summary').click();
    await expect(rooms.nth(0)).toHaveAttribute('open', '');
    await expect(rooms.nth(2)).not.toHaveAttribute('open');
    await expect(page.locator('[name="rooms[0].openings[0].width"]')).toBeVisible();
    await rooms.nth(0).getByTestId('room-summary').click();
  }
  await keepScreenshot(page, info, 'wizard-rooms');
  await expectAccessible(page, info, 'the rooms step');

  await press(page, info, page.getByTestId('to-contact'));
  await page.getByLabel('Nombre y apellido').fill('Camila Rojas');
  await page.getByLabel('Teléfono / WhatsApp').fill('9 8765 4321');
  await page.getByLabel('Dirección de la obra').fill('Av. Italia 1500');
  await page.getByLabel('Comuna / ciudad').fill('Ñuñoa');
  await press(page, info, page.getByTestId('submit-quote'));
  // A phone without the country code is refused; nothing typed is lost.
  // Beside the field (the error summary at the top says it too).
  await expect(page.locator('#contact-phone-error')).toContainText('usa el formato internacional con el código de país');
  await expect(page.getByLabel('Nombre y apellido')).toHaveValue('Camila Rojas');
  await expect(page.getByTestId('live-price').getByTestId('total')).toHaveText(TOTAL);
  await page.getByLabel('Teléfono / WhatsApp').fill('+56 9 8765 4321');
  await expectAccessible(page, info, 'the contact step');
  await page.getByTestId('submit-quote').click();

  await expect(page).toHaveURL(/\/p\/[A-Za-z0-9_-]{43}/);
  await expect(page.getByTestId('quote-total')).toHaveText(TOTAL);
  await expect(page.getByTestId('quote-status')).toHaveText('Pendiente');
  await expect(page.getByTestId('quote-room')).toHaveCount(3);
  await expect(page.getByTestId('customer-name')).toHaveText('Camila Rojas');
  await expect(page.getByTestId('quote-number')).toContainText(/COT-\d{4}-\d{6}/);
  await keepScreenshot(page, info, 'quote-page');
  await expectAccessible(page, info, 'the public quote page');
  const pdf = await page.request.get(`${new URL(page.url()).pathname}/pdf`);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

  await page.getByTestId('confirm').click();
  await expect(page.getByTestId('answer-status')).toContainText('Confirmaste esta cotización');
  await expect(page.getByTestId('quote-status')).toHaveText('Confirmada');
  expect(csp).toEqual([]);
});

test('the draft survives a reload', async ({ page }, info) => {
  test.skip(jsOff(info), 'without JavaScript the draft lives in the URL instead');
  await page.goto('/q/demo');
  await hydrated(page);
  await page.getByTestId('vertical-commercial').click();
  await field(page, 0, 0, 'width').fill('3');
  await field(page, 0, 0, 'height').fill('2');
  await expect(page.getByTestId('live-price').getByTestId('total')).not.toBeEmpty();
  await page.reload();
  await hydrated(page);
  await expect(field(page, 0, 0, 'width')).toHaveValue('3');
  await expect(field(page, 0, 0, 'height')).toHaveValue('2');
});

test('a sales person edits a sent quote and the customer sees the new version', async ({ page, browser }, info) => {
  test.setTimeout(90_000);
  const slug = uniqueSlug(info, 'ed');
  await signUp(page, info, slug);
  await addSol50(page);
  // The customer asks for a quote (in their own browser).
  const customer = await browser.newContext({ javaScriptEnabled: !jsOff(info) });
  const wizard = await customer.newPage();
  await wizard.goto(`/q/${slug}`);
  if (!jsOff(info)) await hydrated(wizard);
  await press(wizard, info, wizard.getByTestId('vertical-residential'));
  await fillOpening(wizard, 0, 'window', '2', '1', '1', 'SOL-50');
  await press(wizard, info, wizard.getByTestId('to-contact'));
  await wizard.getByLabel('Nombre y apellido').fill('Diego Soto');
  await wizard.getByLabel('Teléfono / WhatsApp').fill('+56 9 5555 0000');
  await wizard.getByLabel('Dirección de la obra').fill('Calle Uno 1');
  await wizard.getByTestId('submit-quote').click();
  await expect(wizard).toHaveURL(/\/p\//);
  // 2 m2 x 1.15 = 2.3; 23.000 + 11.500 = 34.500; IVA 19 % 6.555; total 41.055 (CLP).
  await expect(wizard.getByTestId('quote-total')).toHaveText('$ 41.055');
  await expect(wizard.getByTestId('quote-version')).toHaveText('1');

  // Sales open it from the dashboard and change the quantity.
  await page.goto('/app/quotes');
  await page.getByTestId('quote-row').first().click();
  await expect(page.getByTestId('quote-number')).toContainText('COT-');
  await expect(page.getByTestId('whatsapp-link')).toHaveAttribute('href', /^https:\/\/wa\.me\/56955550000\?text=/);
  await page.getByTestId('edit-quote').click();
  if (!jsOff(info)) await hydrated(page);
  await field(page, 0, 0, 'quantity').fill('2');
  await press(page, info, page.getByTestId('to-contact'));
  await page.getByTestId('submit-quote').click();
  await expect(page).toHaveURL(/\/app\/quotes\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('quote-version')).toHaveText('2');
  await keepScreenshot(page, info, 'dashboard-quote');

  await wizard.reload();
  await expect(wizard.getByTestId('quote-version')).toHaveText('2');
  await expect(wizard.getByTestId('quote-total')).toHaveText('$ 82.110');
  await customer.close();
});
