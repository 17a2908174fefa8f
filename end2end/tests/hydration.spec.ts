import { expect, Page, test } from '@playwright/test';
import { hydrated, jsOff, signUp, uniqueSlug, addSol50 } from './helpers';

// Two promises a page makes to the person using it while its bundle is on the way:
// what they type before it is interactive is kept, and no page breaks when it is
// loaded cold (a reload, a bookmark, a new tab).

/** Errors the page prints: console errors, uncaught exceptions, Rust panics. */
function pageErrors(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || /panicked|unreachable/i.test(msg.text())) seen.push(msg.text());
  });
  page.on('pageerror', (err) => seen.push(`${err.name}: ${err.message}`));
  return seen;
}

/** Holds the WebAssembly bundle back until `release()` (a slow phone's network). */
async function holdBundle(page: Page) {
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/pkg/*.wasm', async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

test('what a customer types before the page is interactive is kept', async ({ page }, info) => {
  test.skip(jsOff(info), 'without JavaScript the page is never hydrated');
  const errors = pageErrors(page);
  // A phone four times slower than this machine, and a bundle that takes its time.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const release = await holdBundle(page);

  // Before the bundle arrives the page is the plain form: a tap on a project type
  // is a page load (the bundle is still held back on the new page too).
  await page.goto('/q/demo', { waitUntil: 'domcontentloaded' });
  await Promise.all([page.waitForURL(/vertical=residential/, { waitUntil: 'domcontentloaded' }), page.getByTestId('vertical-residential').click()]);
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(0);
  await page.locator('[name="rooms[0].name"]').fill('Dormitorio principal');
  await page.locator('[name="rooms[0].openings[0].width"]').fill('1,2');
  await page.locator('[name="rooms[0].openings[0].height"]').fill('1.5');
  await page.locator('[name="rooms[0].openings[0].quantity"]').fill('2');

  release();
  await hydrated(page);
  // Nothing typed is lost, and the live price now works on it.
  await expect(page.locator('[name="rooms[0].name"]')).toHaveValue('Dormitorio principal');
  await expect(page.locator('[name="rooms[0].openings[0].width"]')).toHaveValue('1,2');
  await expect(page.locator('[name="rooms[0].openings[0].height"]')).toHaveValue('1.5');
  await expect(page.locator('[name="rooms[0].openings[0].quantity"]')).toHaveValue('2');
  // 1.2 x 1.5 x 2 = 3.6 m2, plus waste: the price panel shows the line's area.
  await expect(page.getByTestId('price-line')).toHaveCount(1);
  await page.locator('[name="rooms[0].openings[0].quantity"]').fill('3');
  await expect(page.locator('[name="rooms[0].openings[0].quantity"]')).toHaveValue('3');
  expect(errors).toEqual([]);
});

test('every page loads cold without an error in the console', async ({ page }, info) => {
  test.skip(jsOff(info), 'hydration errors need JavaScript');
  test.setTimeout(120_000);
  const slug = uniqueSlug(info, 'cold');
  await signUp(page, info, slug);
  const productId = await addSol50(page);
  const created = await page.request.post('/api/v1/quotations/residential', {
    data: { language: 'es', send: true,
      contact: { name: 'Carla Fría', phone: '+56 9 5555 6666', email: 'carla@example.com', address: 'Av. Uno 1' },
      rooms: [{ name: 'Living', openings: [{ kind: 'window', width_m: '1.20', height_m: '1.50', quantity: 2, sku: 'SOL-50' }] }] },
  });
  expect(created.status()).toBe(201);
  const quote = await created.json();
  const token = String(quote.public_url).split('/p/')[1];
  const vehicle = await page.request.post('/api/v1/vehicles', { data: { make: 'Toyota', model: 'Corolla', year: 2020, bodyType: 'sedan' } });
  expect(vehicle.status()).toBe(201);
  const vehicleId = (await vehicle.json()).id;

  const routes = [
    '/', `/q/${slug}`, `/q/${slug}/auto`, `/q/${slug}/catalogo`, `/p/${token}`, '/q/demo', '/q/demo/auto',
    '/app', '/app/quotes', '/app/quotes/new', '/app/quotes/new/auto', `/app/quotes/new/auto?vehicle=${vehicleId}`, `/app/quotes/${quote.id}`, `/app/quotes/${quote.id}/edit`,
    '/app/customers', `/app/customers/${quote.customer_id}`, '/app/catalog', '/app/catalog/new', '/app/catalog/tools',
    '/app/catalog/import', `/app/catalog/${productId}`, '/app/jobs', '/app/vehicles', `/app/vehicles/${vehicleId}`,
    '/app/users', '/app/settings', '/app/settings/automotive', '/app/audit', '/app/api-keys',
  ];
  const failures: string[] = [];
  for (const route of routes) {
    const fresh = await page.context().newPage();
    const errors = pageErrors(fresh);
    const response = await fresh.goto(route);
    if (!response || response.status() >= 400) failures.push(`${route}: HTTP ${response?.status()}`);
    const ok = await fresh.locator('body[data-hydrated="true"]').waitFor({ timeout: 15_000 }).then(() => true, () => false);
    if (!ok) failures.push(`${route}: never hydrated`);
    // Whatever loads after hydration (resources, effects) has its moment to fail too.
    await fresh.waitForLoadState('networkidle');
    failures.push(...errors.map((e) => `${route}: ${e}`));
    await fresh.close();
  }
  expect(failures).toEqual([]);
});

test('the staff editor opened cold keeps its live total in step with the form', async ({ page }, info) => {
  test.skip(jsOff(info), 'the live total needs JavaScript');
  const slug = uniqueSlug(info, 'edc');
  await signUp(page, info, slug);
  await addSol50(page);
  const created = await page.request.post('/api/v1/quotations/residential', {
    data: { language: 'es', contact: { name: 'Eva', phone: '+56 9 5555 1111', address: 'Calle 2' },
      rooms: [{ name: 'Living', openings: [{ kind: 'window', width_m: '2', height_m: '1', quantity: 1, sku: 'SOL-50' }] }] },
  });
  expect(created.status()).toBe(201);
  const id = (await created.json()).id;
  const errors = pageErrors(page);
  await page.goto(`/app/quotes/${id}/edit`);
  await hydrated(page);
  const total = page.getByTestId('total');
  // 2 m2 x 1.15 = 2.3; 23.000 + 11.500 = 34.500; IVA 19 % 6.555; total 41.055 (CLP).
  await expect(total).toHaveText('$ 41.055');
  await page.locator('[name="rooms[0].openings[0].quantity"]').fill('2');
  await expect(total).toHaveText('$ 82.110');
  expect(errors).toEqual([]);
});
