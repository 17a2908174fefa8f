import { expect, test } from '@playwright/test';
import { cspViolations, dayFromToday, hydrated, jsOff, keepScreenshot, signUp, uniqueSlug } from './helpers';

test('create a product, schedule a price, see it in the wizard catalog at the right date', async ({ page }, info) => {
  const csp = cspViolations(page);
  const slug = uniqueSlug(info, 'cat');
  await signUp(page, info, slug);

  await page.goto('/app/catalog/new');
  if (!jsOff(info)) await hydrated(page);
  await page.getByLabel('SKU', { exact: true }).fill('e2e-sol-50');
  await page.getByLabel('Nombre en español', { exact: true }).fill('Control solar E2E 50');
  await page.getByLabel('Tipo', { exact: true }).selectOption('solar_control');
  await page.getByLabel('Luz visible transmitida %').fill('50');
  await page.getByLabel('Garantía (años)').fill('12');
  await page.getByLabel('Material', { exact: true }).fill('-80');
  await page.getByLabel('Instalación', { exact: true }).fill('20000');
  await page.getByRole('button', { name: 'Crear producto' }).click();
  // A bad price is reported next to its field, and nothing typed is lost.
  await expect(page.getByTestId('form-error')).toHaveText('Revisa los campos marcados.');
  await expect(page.locator('#f-material_price-error')).toHaveText('no puede ser negativo');
  await expect(page.getByLabel('Nombre en español', { exact: true })).toHaveValue('Control solar E2E 50');
  await keepScreenshot(page, info, 'catalog-new-error');
  if (!jsOff(info)) await hydrated(page);
  await page.getByLabel('Material', { exact: true }).fill('80000');
  await page.getByRole('button', { name: 'Crear producto' }).click();

  await expect(page).toHaveURL(/\/app\/catalog\/[0-9a-f-]{36}/);
  await expect(page.getByTestId('product-name')).toHaveText('Control solar E2E 50');
  await expect(page.getByTestId('current-price')).toContainText('$ 80.000');

  // Schedule a price from ten days ahead.
  const start = dayFromToday(10);
  if (!jsOff(info)) await hydrated(page);
  await page.getByLabel('Material (CLP)').fill('95000');
  await page.getByLabel('Instalación (CLP)').fill('21000');
  await page.getByLabel('Vigente desde').last().fill(start);
  await page.getByRole('button', { name: 'Guardar precio' }).click();
  const [y, m, d] = start.split('-');
  await expect(page.getByTestId('upcoming-price')).toContainText(`Desde el ${d}/${m}/${y}`);
  await expect(page.getByTestId('upcoming-price')).toContainText('$ 95.000');
  await expect(page.getByTestId('price-row')).toHaveCount(2);
  await keepScreenshot(page, info, 'catalog-product');

  // The catalog list shows the current and the upcoming price.
  await page.goto('/app/catalog?q=e2e');
  const row = page.locator('[data-testid="catalog-row"][data-sku="E2E-SOL-50"]');
  await expect(row.getByTestId('current-price')).toContainText('$ 80.000');
  await expect(row.getByTestId('upcoming-price')).toContainText('$ 95.000');

  // The public wizard catalog: today's price today, the new one from its day.
  await page.goto(`/q/${slug}/catalogo`);
  const film = page.locator('[data-testid="catalog-product"][data-sku="E2E-SOL-50"]');
  await expect(film).toContainText('Control solar E2E 50');
  await expect(film).toContainText('$ 80.000');
  await expect(film).toContainText('Luz visible 50 %');
  await expect(film).toContainText('Garantía 12 años');
  await page.goto(`/q/${slug}/catalogo?date=${dayFromToday(9)}`);
  await expect(film).toContainText('$ 80.000');
  await page.goto(`/q/${slug}/catalogo?date=${start}`);
  await expect(page.getByTestId('catalog-day')).toHaveText(`${d}/${m}/${y}`);
  await expect(film).toContainText('$ 95.000');
  await keepScreenshot(page, info, 'wizard-catalog-future');
  expect(csp).toEqual([]);
});

test('import a catalog CSV: preview first, then all of it', async ({ page }, info) => {
  const csp = cspViolations(page);
  const slug = uniqueSlug(info, 'csv');
  await signUp(page, info, slug);
  const csv = 'sku;name_es;type;unit;verticals;category;material_price;installation_price\n' +
    'CSV-1;Vinilo importado;decorative;m2;residential|commercial;decorative;45,50;12\n' +
    'CSV-2;Laminado importado;security;m2;commercial;security;60;15\n';
  await page.goto('/app/catalog/import');
  if (jsOff(info)) {
    // Without JavaScript there is no preview: the import is direct, all or nothing.
    await page.locator('form textarea[name="csv"]').last().fill(csv);
    await page.getByRole('button', { name: 'Importar', exact: true }).click();
  } else {
    await hydrated(page);
    await page.getByTestId('csv-file').setInputFiles({ name: 'catalogo.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf-8') });
    await expect(page.getByLabel('Contenido CSV')).toHaveValue(csv);
    await page.getByTestId('preview-import').click();
    await expect(page.getByTestId('import-summary')).toHaveText('2 nuevos, 0 modificados, 0 sin cambios, 2 precios nuevos, 0 errores.');
    await keepScreenshot(page, info, 'catalog-import-preview');
    await page.getByTestId('apply-import').click();
  }
  await expect(page.getByTestId('import-done')).toHaveText('Importado: 2 productos nuevos, 0 modificados, 2 precios.');
  await page.goto('/app/catalog');
  await expect(page.getByTestId('catalog-row')).toHaveCount(2);
  await expect(page.locator('[data-testid="catalog-row"][data-sku="CSV-1"]')).toContainText('$ 46');
  expect(csp).toEqual([]);
});
