import { expect, test } from '@playwright/test';
import { hydrated, jsOff, keepScreenshot, signUp, uniqueSlug } from './helpers';

// An admin keeps what the organisation sells for cars: the legal tint minimum,
// the size of a glass per body type, and packages. Plain forms: the same steps
// work with JavaScript off.
test('an admin sets the tint minimum, a glass size and packages', async ({ page }, info) => {
  test.setTimeout(120_000);
  await signUp(page, info, uniqueSlug(info, 'auto'));
  await page.goto('/app/settings');
  await page.getByTestId('automotive-settings-link').click();
  await expect(page).toHaveURL(/\/app\/settings\/automotive$/);
  if (!jsOff(info)) await hydrated(page);

  // The legal minimum: a bad value is named, a good one kept.
  const minimum = page.getByLabel('VLT mínimo de las ventanas delanteras (%)');
  await minimum.fill('150');
  await page.getByRole('button', { name: 'Guardar mínimo' }).click();
  await expect(page.getByTestId('tint-minimum').getByTestId('field-error')).toHaveText('debe ser un número entero de 1 a 100');
  await page.getByLabel('VLT mínimo de las ventanas delanteras (%)').fill('35');
  await page.getByRole('button', { name: 'Guardar mínimo' }).click();
  await expect(page.getByLabel('VLT mínimo de las ventanas delanteras (%)')).toHaveValue('35');
  await page.reload();
  await expect(page.getByLabel('VLT mínimo de las ventanas delanteras (%)')).toHaveValue('35');

  // A sedan's rear windshield: an error shows on its row only, then the size is the organisation's own.
  const rear = page.locator('[data-testid="glass-size"][data-position="rear_windshield"]');
  const front = page.locator('[data-testid="glass-size"][data-position="front_left"]');
  await expect(rear).toContainText('por defecto');
  await rear.getByLabel('Luneta (vidrio trasero): ancho (m)').fill('ancho');
  await rear.getByRole('button', { name: 'Guardar' }).click();
  await expect(rear.getByTestId('field-error').first()).toHaveText('debe ser un número');
  await expect(rear.getByLabel('Luneta (vidrio trasero): ancho (m)')).toHaveValue('ancho');
  await expect(front.getByTestId('field-error').first()).toHaveText('');
  await rear.getByLabel('Luneta (vidrio trasero): ancho (m)').fill('1,25');
  await rear.getByLabel('Luneta (vidrio trasero): alto (m)').fill('0,6');
  await rear.getByRole('button', { name: 'Guardar' }).click();
  await expect(rear).toContainText('propia');
  await expect(rear).toContainText('0,75 m²');
  // Another body type keeps the default.
  await page.getByRole('link', { name: 'SUV' }).click();
  await expect(page.locator('[data-testid="glass-size"][data-position="rear_windshield"]')).toContainText('por defecto');
  await page.goto('/app/settings/automotive?body=sedan');
  if (!jsOff(info)) await hydrated(page);
  await page.locator('[data-testid="glass-size"][data-position="rear_windshield"]').getByRole('button', { name: 'Restablecer' }).click();
  await expect(page.locator('[data-testid="glass-size"][data-position="rear_windshield"]')).toContainText('por defecto');

  // A package of its own, and a default one hidden then shown again.
  // A refused save keeps what was typed and ticked; a saved one clears the form.
  await page.getByText('Nuevo paquete o cambiar uno').click();
  await page.getByLabel('Código (a-z, 0-9, _)').fill('Solo parabrisas');
  await page.getByLabel('Nombre en español').fill('Solo parabrisas');
  await page.locator('#pkg-windshield').check();
  await page.getByRole('button', { name: 'Guardar paquete' }).click();
  await expect(page.getByTestId('packages').getByTestId('field-error').first()).not.toHaveText('');
  await expect(page.getByLabel('Código (a-z, 0-9, _)')).toHaveValue('Solo parabrisas');
  await expect(page.locator('#pkg-windshield')).toBeChecked();
  await expect(page.locator('#pkg-windshield_strip')).not.toBeChecked();
  await page.getByLabel('Código (a-z, 0-9, _)').fill('solo_parabrisas');
  await page.getByRole('button', { name: 'Guardar paquete' }).click();
  const own = page.locator('[data-testid="package"][data-code="solo_parabrisas"]');
  await expect(own).toContainText('Solo parabrisas');
  await expect(own).toContainText('Parabrisas');
  await expect(own).toContainText('Propio');
  await expect(page.getByLabel('Código (a-z, 0-9, _)')).toHaveValue('');
  await expect(page.locator('#pkg-windshield')).not.toBeChecked();
  await keepScreenshot(page, info, 'automotive-settings');
  await page.locator('[data-testid="package"][data-code="full_car"]').getByRole('button', { name: 'Ocultar' }).click();
  await expect(page.locator('[data-testid="package"][data-code="full_car"]')).toHaveCount(0);
  await expect(page.getByTestId('hidden-package')).toContainText('Auto completo');
  await page.getByTestId('hidden-package').getByRole('button', { name: 'Mostrar' }).click();
  await expect(page.locator('[data-testid="package"][data-code="full_car"]')).toHaveCount(1);
  await own.getByRole('button', { name: 'Eliminar' }).click();
  await expect(page.locator('[data-testid="package"][data-code="solo_parabrisas"]')).toHaveCount(0);
});
