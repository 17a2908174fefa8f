import { expect, Page, test, TestInfo } from '@playwright/test';
import { hydrated, jsOff, keepScreenshot } from './helpers';

/** Clicks a button; without JavaScript it is a page load, so wait for it. */
async function press(page: Page, info: TestInfo, locator: ReturnType<Page['locator']>) {
  if (jsOff(info)) {
    await Promise.all([page.waitForLoadState('load'), locator.click()]);
  } else {
    await locator.click();
  }
}

const summaryLink = (page: Page, href: string) => page.getByTestId('error-summary').locator(`a[href="${href}"]`);

/** What only the server refuses: a slug with capitals and a short password (the rest is fine). */
async function fillServerInvalidSignUp(page: Page) {
  await page.getByLabel('Nombre de la empresa').fill('Láminas Resumen');
  await page.getByLabel('Dirección pública').fill('No Vale');
  const phone = page.getByLabel('Teléfono de la empresa (WhatsApp)');
  if (await phone.count()) await phone.fill('+56 9 1234 5678');
  await page.getByLabel('Tu nombre').fill('Ana');
  await page.getByLabel('Email', { exact: true }).fill('ana@resumen.test');
  await page.getByLabel('Contraseña (mínimo 10 caracteres)').fill('corta');
  await page.getByLabel('Repite la contraseña').fill('corta');
}

test('a failed sign-up opens with an error summary that links to each field', async ({ page }, info) => {
  await page.goto('/signup');
  const summary = page.getByTestId('error-summary');
  await expect(summary).toHaveCount(0);
  if (jsOff(info)) {
    // Without JS the browser itself stops an empty form: type what only the server refuses.
    await fillServerInvalidSignUp(page);
    await press(page, info, page.getByRole('button', { name: 'Crear cuenta' }));
    // The redirect back points the browser at the summary.
    await expect(page).toHaveURL(/#error-summary$/);
    await expect(summary).toBeVisible();
    await expect(summary.getByRole('heading')).toHaveText('Revisa estos datos');
    await expect(summaryLink(page, '#f-slug')).toHaveText('Dirección pública: usa de 3 a 40 minúsculas, números o guiones');
    await expect(summaryLink(page, '#f-password')).toHaveText('Contraseña (mínimo 10 caracteres): debe tener al menos 10 caracteres');
    // The messages stay beside their fields, and each link's target exists.
    await expect(page.locator('#f-slug-error')).toHaveText('usa de 3 a 40 minúsculas, números o guiones');
    await expect(page.locator('#f-slug')).toHaveCount(1);
    await expect(page.locator('#f-password')).toHaveCount(1);
    await keepScreenshot(page, info, 'signup-error-summary');
    return;
  }
  await hydrated(page);
  // Empty: the page's own check (no request) shows the summary and takes the focus.
  await page.getByRole('button', { name: 'Crear cuenta' }).click();
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('heading')).toHaveText('Revisa estos datos');
  await expect(summaryLink(page, '#f-org_name')).toHaveText('Nombre de la empresa: es obligatorio');
  await expect(summaryLink(page, '#f-email')).toHaveText('Email: es obligatorio');
  await expect(summaryLink(page, '#f-password_confirmation')).toHaveText('Repite la contraseña: es obligatorio');
  await expect(page.locator('#f-org_name-error')).toHaveText('es obligatorio');
  await expect(page.getByLabel('Nombre de la empresa')).toHaveAttribute('aria-invalid', 'true');
  await keepScreenshot(page, info, 'signup-error-summary');
  // A link focuses its field.
  await summaryLink(page, '#f-email').click();
  await expect(page.locator('#f-email')).toBeFocused();

  // Then what only the server refuses: the summary follows and takes the focus again.
  await fillServerInvalidSignUp(page);
  await page.getByRole('button', { name: 'Crear cuenta' }).click();
  await expect(summaryLink(page, '#f-slug')).toHaveText('Dirección pública: usa de 3 a 40 minúsculas, números o guiones');
  await expect(summaryLink(page, '#f-org_name')).toHaveCount(0);
  await expect(summary).toBeFocused();
  await summaryLink(page, '#f-password').click();
  await expect(page.locator('#f-password')).toBeFocused();
});

test('the wizard lists what is missing and a removed room can be put back', async ({ page }, info) => {
  test.setTimeout(90_000);
  await page.goto('/q/demo');
  if (!jsOff(info)) await hydrated(page);
  await press(page, info, page.getByTestId('vertical-residential'));
  const rooms = page.getByTestId('room');
  await expect(rooms).toHaveCount(1);

  // Going on with the window's sizes empty: the summary names them.
  await press(page, info, page.getByTestId('to-contact'));
  const summary = page.getByTestId('error-summary');
  await expect(summary).toBeVisible();
  await expect(summaryLink(page, '#o-0-0-width')).toHaveText('Living · Ventana 1 · Ancho (m): es obligatorio');
  if (!jsOff(info)) {
    await expect(summary).toBeFocused();
    await summaryLink(page, '#o-0-0-height').click();
    await expect(page.locator('#o-0-0-height')).toBeFocused();
  }

  await page.locator('[name="rooms[0].openings[0].width"]').fill('1,20');
  await page.locator('[name="rooms[0].openings[0].height"]').fill('1,50');
  await press(page, info, page.getByTestId('add-room'));
  await expect(rooms).toHaveCount(2);
  await page.locator('[name="rooms[1].name"]').fill('Dormitorio');
  await page.locator('[name="rooms[1].floor"]').fill('2');
  await press(page, info, rooms.nth(1).getByTestId('add-opening'));
  await page.locator('[name="rooms[1].openings[0].width"]').fill('2,40');
  await page.locator('[name="rooms[1].openings[0].height"]').fill('2,10');

  await press(page, info, rooms.nth(1).getByRole('button', { name: 'Quitar ambiente' }));
  await expect(rooms).toHaveCount(1);
  await expect(page.getByTestId('room-removed')).toHaveText('Ambiente «Dormitorio» quitado');
  await expect(page.getByRole('status').filter({ hasText: 'quitado' })).toHaveAttribute('aria-live', 'polite');
  await keepScreenshot(page, info, 'wizard-room-removed');

  await press(page, info, page.getByTestId('undo-remove-room'));
  await expect(rooms).toHaveCount(2);
  await expect(page.getByTestId('room-removed')).toHaveCount(0);
  await expect(page.locator('[name="rooms[1].name"]')).toHaveValue('Dormitorio');
  await expect(page.locator('[name="rooms[1].floor"]')).toHaveValue('2');
  await expect(page.locator('[name="rooms[1].openings[0].width"]')).toHaveValue('2,40');
  await expect(page.locator('[name="rooms[1].openings[0].height"]')).toHaveValue('2,10');
  await expect(page.locator('[name="rooms[0].openings[0].width"]')).toHaveValue('1,20');
  if (!jsOff(info)) await expect(page.locator('[name="rooms[1].name"]')).toBeFocused();
});
