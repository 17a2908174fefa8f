import { expect, Page, test, TestInfo } from '@playwright/test';
import { hydrated, jsOff, keepScreenshot, signUp, uniqueSlug, addSol50 } from './helpers';

// The staff editor's own fields (issue 16): an extra line with its own price
// and a manual discount, terms the customer reads and notes they never see.
// CLP, IVA 19 %: window 2 x 1 m of SOL-50 (10.000 + 5.000 per m2): 2.3 m2 ->
// 23.000 + 11.500 = 34.500; + extra 25.000 = 59.500 (no volume discount);
// - manual 5.000 = 54.500; IVA 10.355; total 64.855.
const TOTAL = '$ 64.855';

/** Clicks a button; without JavaScript it is a page load, so wait for it. */
async function press(page: Page, info: TestInfo, locator: ReturnType<Page['locator']>) {
  if (jsOff(info)) {
    await Promise.all([page.waitForLoadState('load'), locator.click()]);
  } else {
    await locator.click();
  }
}

test('staff add an extra line and a manual discount; the customer sees the terms, not the notes', async ({ page, browser }, info) => {
  test.setTimeout(90_000);
  const slug = uniqueSlug(info, 'st');
  await signUp(page, info, slug);
  await addSol50(page);

  await page.goto('/app/quotes/new');
  if (!jsOff(info)) await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nueva cotización');
  await press(page, info, page.getByTestId('vertical-residential'));
  const opening = (name: string) => page.locator(`[name="rooms[0].openings[0].${name}"]`);
  await opening('width').fill('2');
  await opening('height').fill('1');
  await opening('quantity').fill('1');
  await opening('sku').selectOption('SOL-50');
  await press(page, info, page.getByTestId('to-contact'));
  await page.getByLabel('Nombre y apellido').fill('Diego Soto');
  await page.getByLabel('Teléfono / WhatsApp').fill('+56 9 5555 0000');
  await page.getByLabel('Dirección de la obra').fill('Calle Uno 1');

  await press(page, info, page.getByTestId('add-extra'));
  await page.locator('[name="extras[0].description"]').fill('Retiro de lámina antigua');
  await page.locator('[name="extras[0].amount"]').fill('25.000');
  await page.locator('[name="manual_discount"]').fill('5.000');
  await page.locator('[name="terms"]').fill('Pago 50 % al aceptar.');
  await page.locator('[name="internal_notes"]').fill('Cliente pide factura.');
  if (!jsOff(info)) {
    // The live price already counts them.
    await expect(page.getByTestId('live-price').getByTestId('total')).toHaveText(TOTAL);
    await expect(page.getByTestId('live-price').getByTestId('manual-discount')).toHaveText('-$ 5.000');
  }
  await keepScreenshot(page, info, 'staff-editor-extras');
  await page.getByTestId('submit-quote').click();
  await expect(page).toHaveURL(/\/app\/quotes\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('quote-total')).toHaveText(TOTAL);
  await expect(page.getByTestId('extra-line')).toContainText('Retiro de lámina antigua');
  await expect(page.getByTestId('internal-notes')).toHaveText('Cliente pide factura.');

  // Sent, the customer's page shows the extra line, the discount and the terms — never the notes.
  await press(page, info, page.getByTestId('send-quote'));
  await expect(page.getByTestId('quote-status')).toHaveAttribute('data-status', 'pending');
  const publicUrl = await page.getByTestId('public-link').inputValue();
  expect(publicUrl).toMatch(/\/p\/[A-Za-z0-9_-]+$/);
  const customer = await browser.newContext({ javaScriptEnabled: !jsOff(info) });
  const quote = await customer.newPage();
  await quote.goto(publicUrl);
  await expect(quote.getByTestId('quote-total')).toHaveText(TOTAL);
  await expect(quote.getByTestId('extra-line')).toContainText('$ 25.000');
  await expect(quote.getByTestId('manual-discount')).toHaveText('-$ 5.000');
  await expect(quote.getByTestId('quote-terms')).toHaveText('Pago 50 % al aceptar.');
  await expect(quote.getByText('Cliente pide factura.')).toHaveCount(0);
  await customer.close();
});

test('a new quote for a customer on file: from their page, or found by name in the editor', async ({ page }, info) => {
  test.setTimeout(90_000);
  const slug = uniqueSlug(info, 'cp');
  await signUp(page, info, slug);
  await addSol50(page);
  const created = await page.request.post('/api/v1/quotations/residential', {
    data: { language: 'es', contact: { name: 'Carla Fuentes', phone: '+56 9 5555 6666', email: 'carla@example.com', address: 'Av. Uno 1' },
      rooms: [{ name: 'Living', openings: [{ kind: 'window', width_m: '1.20', height_m: '1.50', quantity: 1, sku: 'SOL-50' }] }] },
  });
  expect(created.status()).toBe(201);
  const customerId = (await created.json()).customer_id;

  // From the customer's page (works without JavaScript): the contact comes filled in.
  await page.goto(`/app/customers/${customerId}`);
  await press(page, info, page.getByTestId('quote-for-customer'));
  await expect(page).toHaveURL(/\/app\/quotes\/new\?customer=/);
  if (!jsOff(info)) await hydrated(page);
  await press(page, info, page.getByTestId('vertical-residential'));
  await page.locator('[name="rooms[0].openings[0].width"]').fill('1');
  await page.locator('[name="rooms[0].openings[0].height"]').fill('1');
  await press(page, info, page.getByTestId('to-contact'));
  await expect(page.getByLabel('Nombre y apellido')).toHaveValue('Carla Fuentes');
  await expect(page.getByLabel('Teléfono / WhatsApp')).toHaveValue('+56955556666');
  await expect(page.getByLabel('Email (opcional)')).toHaveValue('carla@example.com');
  if (jsOff(info)) {
    // Without JavaScript there is no live search: the customer page's link is the way.
    await expect(page.getByTestId('customer-picker')).toHaveCount(0);
    return;
  }

  // In a blank editor: two letters list the customers; picking one fills the contact.
  await page.goto('/app/quotes/new');
  await hydrated(page);
  await page.getByTestId('vertical-residential').click();
  await page.locator('[name="rooms[0].openings[0].width"]').fill('1');
  await page.locator('[name="rooms[0].openings[0].height"]').fill('1');
  await page.getByTestId('to-contact').click();
  // Typed letter by letter, the search is asked once typing pauses, not per key.
  let searches = 0;
  page.on('request', (r) => { if (new URL(r.url()).pathname === '/api/customers') searches += 1; });
  await page.getByLabel('Buscar un cliente existente').pressSequentially('carl', { delay: 60 });
  await expect(page.getByTestId('customer-result')).toHaveCount(1);
  expect(searches).toBe(1);
  await expect(page.getByTestId('customer-result')).toContainText('Carla Fuentes · +56955556666');
  await keepScreenshot(page, info, 'staff-editor-customer-search');
  await page.getByTestId('customer-result').click();
  await expect(page.getByLabel('Nombre y apellido')).toHaveValue('Carla Fuentes');
  await expect(page.getByLabel('Teléfono / WhatsApp')).toHaveValue('+56955556666');
  await page.getByLabel('Buscar un cliente existente').fill('zz');
  await expect(page.getByText('Ningún cliente coincide')).toBeVisible();
});

test('staff quote a customer\'s car on file from its page, and save it as a draft', async ({ page }, info) => {
  test.setTimeout(90_000);
  const slug = uniqueSlug(info, 'sa');
  await signUp(page, info, slug);
  // A car film, and the customer's car on file (a first quote saved it).
  const film = await page.request.post('/api/v1/products', {
    data: { sku: 'AUTO-35', name_es: 'Polarizado 35', type: 'solar_control', unit: 'm2', verticals: ['automotive'], vlt_pct: 35,
      price: { material_price: '20000', installation_price: '10000' } },
  });
  expect(film.status()).toBe(201);
  const first = await page.request.post('/api/v1/quotations/automotive', {
    data: { contact: { name: 'Camila Soto', phone: '+56 9 8765 4321' },
      vehicle: { vin: '1HGCM82633A004352', model: 'Accord', year: 2003, bodyType: 'sedan', plate: 'ab cd 12' },
      items: [{ position: 'rear_windshield', sku: 'AUTO-35' }] },
  });
  expect(first.status()).toBe(201);
  const vehicleId = (await first.json()).document.automotive.vehicle.id;

  // The new quote's first step offers the car editor too.
  await page.goto('/app/quotes/new');
  await expect(page.getByTestId('vertical-automotive')).toHaveAttribute('href', '/app/quotes/new/auto');

  await page.goto(`/app/vehicles/${vehicleId}`);
  if (!jsOff(info)) await hydrated(page);
  await press(page, info, page.getByTestId('quote-for-vehicle'));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nueva cotización automotriz');
  await expect(page).toHaveURL(new RegExp(`/app/quotes/new/auto\\?vehicle=${vehicleId}$`));
  if (!jsOff(info)) {
    // A reload (or a bookmark) renders the same form and hydrates without a panic.
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.reload();
    await hydrated(page);
    expect(errors).toEqual([]);
  }
  await expect(page.getByLabel('VIN (opcional)')).toHaveValue('1HGCM82633A004352');
  await expect(page.getByLabel('Modelo', { exact: true })).toHaveValue('Accord');
  await press(page, info, page.getByTestId('to-glass'));
  await page.locator('input[name="glass"][value="front_left"]').check();
  await page.locator('input[name="glass"][value="front_right"]').check();
  if (jsOff(info)) await press(page, info, page.getByRole('button', { name: 'Actualizar precio' }));
  const total = page.getByTestId('live-price').getByTestId('total');
  await expect(total).toHaveText(/^\$ [\d.]+$/);
  const shown = await total.textContent();
  await press(page, info, page.getByTestId('to-contact'));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cliente');
  await expect(page.getByLabel('Nombre y apellido')).toHaveValue('Camila Soto');
  // Removing the old tint is a line of its own, as on any staff quote.
  await press(page, info, page.getByTestId('add-extra'));
  await page.locator('[name="extras[0].description"]').fill('Retiro de lámina antigua');
  await page.locator('[name="extras[0].amount"]').fill('25.000');
  let withExtra = shown;
  if (!jsOff(info)) {
    await expect(total).not.toHaveText(shown ?? '');
    withExtra = await total.textContent();
  }
  await keepScreenshot(page, info, 'staff-car-quote-contact');
  await press(page, info, page.getByTestId('submit-quote'));

  await expect(page).toHaveURL(/\/app\/quotes\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('quote-status')).toHaveText('Borrador');
  await expect(page.getByTestId('extra-line')).toContainText('Retiro de lámina antigua');
  if (!jsOff(info)) await expect(page.getByTestId('quote-total')).toHaveText(withExtra ?? '');
  await keepScreenshot(page, info, 'staff-car-quote-saved');

  // Edit: the car editor opens at the quote's glass; one more window changes the total.
  await press(page, info, page.getByTestId('edit-quote'));
  await expect(page).toHaveURL(/\/app\/quotes\/[0-9a-f-]{36}\/edit\/auto$/);
  await expect(page.locator('input[name="glass"][value="front_left"]')).toBeChecked();
  await page.locator('input[name="glass"][value="rear_windshield"]').check();
  if (jsOff(info)) await press(page, info, page.getByRole('button', { name: 'Actualizar precio' }));
  await expect(total).not.toHaveText(shown ?? '');
  const edited = await total.textContent();
  await press(page, info, page.getByTestId('to-contact'));
  await press(page, info, page.getByTestId('submit-quote'));
  await expect(page).toHaveURL(/\/app\/quotes\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('quote-total')).toHaveText(edited ?? '');
  // The vehicle was matched, not copied.
  const vehicles = await page.request.get('/api/v1/vehicles');
  expect((await vehicles.json()).length).toBe(1);
});
