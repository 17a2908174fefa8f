import { expect, test } from '@playwright/test';
import { PASSWORD, cspViolations, hydrated, jsOff, keepScreenshot, uniqueSlug } from './helpers';

test('sign up, invite a seller, accept, log out and log in again', async ({ page, browser }, info) => {
  const csp = cspViolations(page);
  const slug = uniqueSlug(info, 'e2e');
  const admin = `admin@${slug}.test`;
  await page.goto('/signup');
  if (!jsOff(info)) await hydrated(page);
  await page.getByLabel('Nombre de la empresa').fill('Láminas E2E');
  await page.getByLabel('Dirección pública').fill(slug);
  await page.getByLabel('Teléfono de la empresa (WhatsApp)').fill('+56 9 1234 5678');
  await page.getByLabel('Tu nombre').fill('Ana Admin');
  await page.getByLabel('Email').fill(admin);
  await page.getByLabel('Contraseña (mínimo 10 caracteres)').fill(PASSWORD);
  await page.getByLabel('Repite la contraseña').fill(PASSWORD);
  await keepScreenshot(page, info, 'signup');
  await page.getByRole('button', { name: 'Crear cuenta' }).click();
  await expect(page).toHaveURL(/\/app$/);
  await expect(page.getByTestId('whoami')).toContainText('Ana Admin');
  await expect(page.getByTestId('whoami')).toContainText('Administrador');
  await keepScreenshot(page, info, 'dashboard');

  await page.goto('/app/users');
  if (!jsOff(info)) await hydrated(page);
  await page.getByLabel('Email').fill(`ventas@${slug}.test`);
  await page.getByLabel('Rol').last().selectOption('sales');
  await page.getByRole('button', { name: 'Crear invitación' }).click();
  const link = page.getByTestId('invitation-link').locator('a');
  await expect(link).toContainText('/invite/');
  const invitation = (await link.textContent()) ?? '';
  await expect(page.getByTestId('invitations')).toContainText(`ventas@${slug}.test`);
  await keepScreenshot(page, info, 'team');

  // The invited seller, in a browser of their own.
  const seller = await browser.newContext({ javaScriptEnabled: !jsOff(info), locale: 'es-CL', viewport: page.viewportSize() });
  const sellerPage = await seller.newPage();
  await sellerPage.goto(invitation);
  await expect(sellerPage.getByRole('heading', { level: 1 })).toContainText('Láminas E2E');
  if (!jsOff(info)) await hydrated(sellerPage);
  await sellerPage.getByLabel('Tu nombre').fill('Vera Ventas');
  await sellerPage.getByLabel('Contraseña (mínimo 10 caracteres)').fill(PASSWORD);
  await sellerPage.getByLabel('Repite la contraseña').fill(PASSWORD);
  await sellerPage.getByRole('button', { name: 'Aceptar invitación' }).click();
  await expect(sellerPage).toHaveURL(/\/app$/);
  await expect(sellerPage.getByTestId('whoami')).toContainText('Vera Ventas');
  await expect(sellerPage.getByTestId('whoami')).toContainText('Ventas');
  // Used once: the link is dead now.
  const again = await sellerPage.goto(invitation);
  expect(again?.status()).toBe(404);
  await seller.close();

  await page.getByRole('button', { name: 'Salir' }).click();
  await expect(page).toHaveURL(/\/login/);
  const back = await page.goto('/app');
  expect(page.url()).toContain('/login?next=/app');
  expect(back?.status()).toBe(200);

  if (!jsOff(info)) await hydrated(page);
  await page.getByLabel('Email').fill(admin);
  await page.getByLabel('Contraseña').fill('incorrecta-123');
  await page.getByRole('button', { name: 'Entrar' }).click();
  await expect(page.getByTestId('form-error')).toHaveText('Email o contraseña incorrectos.');
  await keepScreenshot(page, info, 'login-error');
  if (!jsOff(info)) await hydrated(page);
  await page.getByLabel('Email').fill(admin);
  await page.getByLabel('Contraseña').fill(PASSWORD);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await expect(page).toHaveURL(/\/app$/);
  await expect(page.getByTestId('whoami')).toContainText('Ana Admin');
  expect(csp).toEqual([]);
});

test('sign-up field errors are shown next to the fields and keep what was typed', async ({ page }, info) => {
  await page.goto('/signup');
  if (!jsOff(info)) await hydrated(page);
  await page.getByLabel('Nombre de la empresa').fill('Láminas Errores');
  await page.getByLabel('Dirección pública').fill('No Vale');
  await page.getByLabel('Teléfono de la empresa (WhatsApp)').fill('12-34');
  await page.getByLabel('Tu nombre').fill('Ana');
  await page.getByLabel('Email').fill('ana@errores.test');
  await page.getByLabel('Contraseña (mínimo 10 caracteres)').fill('corta');
  await page.getByLabel('Repite la contraseña').fill('corta');
  await page.getByRole('button', { name: 'Crear cuenta' }).click();
  await expect(page.getByTestId('form-error')).toHaveText('Revisa los campos marcados.');
  await expect(page.locator('#f-slug-error')).toHaveText('usa de 3 a 40 minúsculas, números o guiones');
  await expect(page.locator('#f-password-error')).toHaveText('debe tener al menos 10 caracteres');
  await expect(page.locator('#f-phone-error')).toHaveText('debe ser un teléfono: de 8 a 20 dígitos, con espacios, +, - o paréntesis');
  await expect(page.getByLabel('Nombre de la empresa')).toHaveValue('Láminas Errores');
  await expect(page.getByLabel('Email')).toHaveValue('ana@errores.test');
  await keepScreenshot(page, info, 'signup-errors');
});

test('a cross-site POST is refused with 403 and the session survives', async ({ page, request }, info) => {
  const slug = uniqueSlug(info, 'csrf');
  await page.goto('/signup');
  if (!jsOff(info)) await hydrated(page);
  await page.getByLabel('Nombre de la empresa').fill('Láminas CSRF');
  await page.getByLabel('Dirección pública').fill(slug);
  await page.getByLabel('Teléfono de la empresa (WhatsApp)').fill('+56 9 1234 5678');
  await page.getByLabel('Tu nombre').fill('Carla');
  await page.getByLabel('Email').fill(`admin@${slug}.test`);
  await page.getByLabel('Contraseña (mínimo 10 caracteres)').fill(PASSWORD);
  await page.getByLabel('Repite la contraseña').fill(PASSWORD);
  await page.getByRole('button', { name: 'Crear cuenta' }).click();
  await expect(page).toHaveURL(/\/app$/);

  // Another site (here: a blank page, origin null) posts a form at the logout function.
  const target = new URL('/api/log_out', page.url()).toString();
  await page.goto('about:blank');
  await page.setContent(`<form method="post" action="${target}"><button>Gana un premio</button></form>`);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url() === target),
    page.getByRole('button', { name: 'Gana un premio' }).click(),
  ]);
  expect(response.status()).toBe(403);
  await page.goto('/app');
  await expect(page.getByTestId('whoami')).toContainText('Carla');

  const forged = await request.post('/api/log_out', { headers: { Origin: 'https://evil.example' } });
  expect(forged.status()).toBe(403);
});
