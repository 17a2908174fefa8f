import AxeBuilder from '@axe-core/playwright';
import { expect, Locator, Page, test, TestInfo } from '@playwright/test';
import { cspViolations, fakeVideoFile, ffmpegTestVideo, hydrated, jsOff, keepScreenshot, signUp, uniqueSlug } from './helpers';

// The in-process worker takes a short video's frames in seconds; a slow machine gets 120 s.
const EXTRACT_TIMEOUT = 120_000;
// A real North American VIN (Honda Accord 2003) and the same one with a wrong check digit.
const VIN = '1HGCM82633A004352';
const VIN_MISTYPED = '1HGCM82633A004353';
const LABELS = ['Frente', 'Frente derecha', 'Trasera derecha', 'Trasera', 'Trasera izquierda', 'Frente izquierda'];

/** axe-core runs in the page: the JavaScript projects check the same server-rendered markup. */
async function expectAccessible(page: Page, info: TestInfo, what: string) {
  if (jsOff(info)) return;
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, `axe on ${what}`).toEqual([]);
}

async function open(page: Page, info: TestInfo, url: string) {
  await page.goto(url);
  if (!jsOff(info)) await hydrated(page);
}

/** The viewer's frame on screen. */
async function currentFrame(viewer: Locator) {
  return Number(await viewer.locator('[data-testid="spin-frame"][data-current="true"]').getAttribute('data-index'));
}

/** A horizontal swipe of `dx` px with a finger (Chromium touch events through CDP). */
async function swipe(page: Page, target: Locator, dx: number) {
  const box = (await target.boundingBox())!;
  const y = box.y + box.height / 2;
  const x0 = box.x + box.width / 2;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: x0, y }] });
  for (let i = 1; i <= 12; i++) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: x0 + (dx * i) / 12, y }] });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

/** A horizontal drag of `dx` px with the mouse. */
async function drag(page: Page, target: Locator, dx: number) {
  const box = (await target.boundingBox())!;
  const y = box.y + box.height / 2;
  const x0 = box.x + box.width / 2;
  await page.mouse.move(x0, y);
  await page.mouse.down();
  await page.mouse.move(x0 + dx, y, { steps: 12 });
  await page.mouse.up();
}

test('sales add a vehicle by its VIN, upload a 360° video and turn its spin', async ({ page }, info) => {
  test.setTimeout(300_000);
  const csp = cspViolations(page);
  // The viewer turns by itself unless the system asks for less motion: start still, to know the frame on screen.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await signUp(page, info, uniqueSlug(info, 'spin'));

  // The dashboard links to the vehicles.
  const nav = page.getByRole('navigation', { name: 'Secciones' });
  await nav.getByRole('link', { name: 'Vehículos' }).click();
  await expect(page).toHaveURL(/\/app\/vehicles$/);
  if (!jsOff(info)) await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vehículos');
  await expect(page.getByTestId('no-vehicles')).toBeVisible();

  const form = page.getByTestId('new-vehicle');
  const vin = form.getByLabel('VIN (opcional)', { exact: true });
  const hint = form.getByTestId('vin-hint');
  const vinError = form.locator('#f-vin-error');
  if (!jsOff(info)) {
    // While typing, the VIN is decoded in the browser (no request): what is missing, then make, year and country…
    await vin.pressSequentially('1HGCM8263');
    await expect(hint).toHaveText('un VIN tiene 17 caracteres; este tiene 9');
    await expect(hint).toHaveAttribute('data-state', 'error');
    await vin.pressSequentially('3A004352');
    await expect(hint).toHaveText('✓ Honda · 2003 · United States');
    await expect(hint).toHaveAttribute('data-state', 'ok');
    // …which fill the make and the year.
    await expect(form.getByLabel('Marca', { exact: true })).toHaveValue('Honda');
    await expect(form.getByLabel('Año modelo', { exact: true })).toHaveValue('2003');
    // A mistyped character breaks the check digit, said at once.
    await vin.fill(VIN_MISTYPED);
    await expect(hint).toContainText('dígito verificador');
  } else {
    await vin.fill(VIN_MISTYPED);
    await form.getByLabel('Marca', { exact: true }).fill('Honda');
    await form.getByLabel('Año modelo', { exact: true }).fill('2003');
  }
  await form.getByLabel('Modelo', { exact: true }).fill('Accord');
  await form.getByLabel('Carrocería', { exact: true }).selectOption('sedan');
  await form.getByLabel('Patente (opcional)', { exact: true }).fill('ab cd 12');
  await form.getByLabel('Color (opcional)', { exact: true }).fill('Gris');

  // The server refuses the mistyped VIN and says why next to the field (without JS: after a real post).
  await form.getByRole('button', { name: 'Agregar vehículo' }).click();
  await expect(vinError).toHaveText(
    'el dígito verificador (carácter 9) no cuadra con los demás: probablemente hay un carácter mal escrito');
  await expect(vin).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('form-error')).toHaveText('Revisa los campos marcados.');
  // What was typed is still there.
  await expect(form.getByLabel('Modelo', { exact: true })).toHaveValue('Accord');
  await expect(vin).toHaveValue(VIN_MISTYPED);
  await keepScreenshot(page, info, 'vehicle-form-error');

  await vin.fill(VIN);
  if (jsOff(info)) await form.getByLabel('Carrocería', { exact: true }).selectOption('sedan');
  await form.getByRole('button', { name: 'Agregar vehículo' }).click();
  await expect(page).toHaveURL(/\/app\/vehicles\/[0-9a-f-]{36}$/);
  const vehicleUrl = new URL(page.url()).pathname;
  const vehicleId = vehicleUrl.split('/').pop()!;
  if (!jsOff(info)) await hydrated(page);
  const name = 'Honda Accord 2003 · AB CD 12';
  await expect(page.getByTestId('vehicle-name')).toHaveText(name);
  await expect(page.getByTestId('vehicle-VIN')).toHaveText(VIN);
  await expect(page.getByTestId('vehicle-body')).toHaveText('Sedán');
  await expect(page.getByTestId('no-spin')).toBeVisible();

  // A text file named .mp4 is refused by its content, and the form says so.
  const upload = page.getByTestId('spin-upload');
  const file = upload.getByLabel('Video (MP4, MOV, AVI o WebM)');
  await file.setInputFiles(fakeVideoFile());
  await upload.getByRole('button', { name: 'Subir video' }).click();
  const uploadError = upload.getByTestId('upload-error');
  await expect(uploadError).toHaveText('El archivo no es un video que podamos usar. Formatos aceptados: MP4, MOV, AVI y WebM.');
  if (jsOff(info)) {
    // Without JS the upload answered 303 back to the vehicle's page with the reason.
    await expect(page).toHaveURL(new RegExp(`${vehicleUrl}\\?upload_error=video`));
  } else {
    await expect(page).toHaveURL(new RegExp(`${vehicleUrl}$`));
  }
  await expect(file).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('spin-job')).toHaveCount(0);

  // A real 360° video: 6 s of FFmpeg's test pattern, portrait like a phone's.
  const video = ffmpegTestVideo('360x640', 6);
  const progress = upload.getByTestId('upload-progress');
  if (info.project.name === 'desktop-js') {
    // A slow uplink (64 KB/s) so the upload's progress bar can be seen moving.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 64 * 1024 });
    await file.setInputFiles(video);
    await upload.getByRole('button', { name: 'Subir video' }).click();
    await expect(progress).toBeVisible();
    await expect(upload.getByRole('button', { name: 'Subir video' })).toBeDisabled();
    const bar = progress.getByRole('progressbar', { name: 'Subida del video' });
    await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect(progress).toContainText(/Subiendo… \d+ % \(\d+,\d de 0,6 MB\)/);
    await keepScreenshot(page, info, 'upload-progress');
    await expect(progress).toBeHidden({ timeout: 60_000 });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await cdp.detach();
  } else {
    await file.setInputFiles(video);
    await upload.getByRole('button', { name: 'Subir video' }).click();
  }
  if (jsOff(info)) await expect(page).toHaveURL(new RegExp(`${vehicleUrl}$`));
  await expect(uploadError).toHaveText('');
  const job = page.getByTestId('spin-job');
  await expect(job).toHaveCount(1);
  await expect(job.getByTestId('spin-status')).toHaveText(/^(En cola|Procesando|Listo)$/);

  // Pending or processing until the worker is done: polled every 5 s with JS, the page reloads itself without.
  if (jsOff(info)) {
    await expect(async () => {
      if ((await job.getAttribute('data-status')) !== 'Completed') await page.reload();
      await expect(job).toHaveAttribute('data-status', 'Completed', { timeout: 2_000 });
    }).toPass({ timeout: EXTRACT_TIMEOUT, intervals: [3_000] });
  } else {
    await expect(job).toHaveAttribute('data-status', 'Completed', { timeout: EXTRACT_TIMEOUT });
  }
  await expect(job.getByTestId('spin-status')).toHaveText('Listo');
  await expect(job.getByTestId('spin-frame-count')).toContainText('6 fotogramas');
  await expect(job.getByTestId('spin-thumbs').getByRole('img')).toHaveCount(6);
  await expect(job.getByRole('progressbar')).toHaveCount(0);

  const viewer = page.getByTestId('spin-viewer');
  const frames = viewer.getByTestId('spin-frame');
  await expect(frames).toHaveCount(6);
  // Every frame's image is in the page (loaded up front) and reachable.
  for (const img of await viewer.getByRole('img', { includeHidden: true }).all()) {
    const src = await img.getAttribute('src');
    expect((await page.request.get(src!)).headers()['content-type']).toContain('image/jpeg');
  }

  if (jsOff(info)) {
    // Without JavaScript the spin is a strip of all the frames with their angles.
    await expect(viewer).toHaveAttribute('data-ready', 'false');
    for (let i = 0; i < 6; i++) {
      await expect(frames.nth(i)).toBeVisible();
      await expect(frames.nth(i).locator('figcaption')).toHaveText(`${LABELS[i]} · ${i * 60}°`);
    }
    await keepScreenshot(page, info, 'vehicle-spin-strip');
  } else {
    // With JavaScript, one frame at a time.
    await expect(viewer).toHaveAttribute('data-ready', 'true');
    await expect(viewer.locator('[data-testid="spin-frame"]:visible')).toHaveCount(1);
    const stage = viewer.getByRole('group', { name: 'Vista 360° del vehículo' });
    const angle = viewer.getByTestId('spin-angle');
    await expect(angle).toHaveText('Frente');
    // Keyboard: focused, the arrows turn it; the label is announced (aria-live).
    await stage.focus();
    await page.keyboard.press('ArrowRight');
    await expect(angle).toHaveText('Frente derecha');
    expect(await currentFrame(viewer)).toBe(1);
    await expect(viewer.locator('[data-testid="spin-frame"]:visible img')).toHaveAttribute('alt', 'Frente derecha (60°)');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect(angle).toHaveText('Frente izquierda');
    await page.keyboard.press('ArrowRight');
    await expect(angle).toHaveText('Frente');
    await expect(angle.locator('xpath=..')).toHaveAttribute('aria-live', 'polite');
    // Dragging (mouse) or swiping (finger) two and a half frames to the left turns two frames forward.
    const width = (await stage.boundingBox())!.width;
    const perFrame = Math.min(Math.max(width / 6, 8), 60);
    if (info.project.name === 'phone-js') await swipe(page, stage, -perFrame * 2.5);
    else await drag(page, stage, -perFrame * 2.5);
    await expect(angle).toHaveText('Trasera derecha');
    expect(await currentFrame(viewer)).toBe(2);
    // And back the other way, past the front.
    if (info.project.name === 'phone-js') await swipe(page, stage, perFrame * 3.5);
    else await drag(page, stage, perFrame * 3.5);
    await expect(angle).toHaveText('Frente izquierda');
    // The buttons turn it too.
    await viewer.getByRole('button', { name: 'Girar a la derecha' }).click();
    await expect(angle).toHaveText('Frente');
    await keepScreenshot(page, info, 'vehicle-spin');
  }
  await expectAccessible(page, info, 'the vehicle page with its spin');

  if (!jsOff(info)) {
    // With motion allowed it turns by itself (1.5 frames/s), and stops for good at the first key press.
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    await open(page, info, vehicleUrl);
    const angle = viewer.getByTestId('spin-angle');
    await expect(angle).not.toHaveText('Frente', { timeout: 5_000 });
    await viewer.getByRole('group', { name: 'Vista 360° del vehículo' }).focus();
    await page.keyboard.press('ArrowRight');
    const stopped = await angle.textContent();
    await page.waitForTimeout(2_000);
    await expect(angle).toHaveText(stopped!);
    await page.emulateMedia({ reducedMotion: 'reduce' });
  }

  // The vehicles list finds it by plate and by VIN.
  await open(page, info, '/app/vehicles?q=ab%20cd');
  await expect(page.getByTestId('vehicle-link')).toHaveCount(1);
  await expect(page.getByTestId('vehicle-link')).toContainText(name);
  await page.getByRole('searchbox', { name: 'Buscar vehículos' }).fill('4352');
  await page.getByRole('button', { name: 'Buscar', exact: true }).click();
  await expect(page).toHaveURL(/q=4352/);
  await expect(page.getByTestId('vehicle-link')).toHaveAttribute('href', vehicleUrl);
  await keepScreenshot(page, info, 'vehicles');
  await expectAccessible(page, info, 'the vehicles page');

  // The jobs page lists the 360° video with its vehicle and frames.
  await open(page, info, '/app/jobs');
  const section = page.getByTestId('spin-jobs-section');
  await expect(section.getByRole('heading', { name: 'Videos 360°' })).toBeVisible();
  const listed = section.getByTestId('spin-job');
  await expect(listed).toHaveCount(1);
  await expect(listed).toHaveAttribute('data-status', 'Completed');
  await expect(listed.getByRole('link', { name })).toHaveAttribute('href', `/app/vehicles/${vehicleId}`);
  await expect(listed.getByTestId('spin-thumbs').getByRole('img')).toHaveCount(6);
  await expect(listed.getByTestId('spin-thumbs').getByRole('img').first()).toHaveAttribute('alt', 'Frente (0°)');
  await keepScreenshot(page, info, 'jobs-360');
  await expectAccessible(page, info, 'the jobs page');
  expect(csp).toEqual([]);
});
