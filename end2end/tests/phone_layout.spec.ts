import { expect, Locator, Page, test, TestInfo } from '@playwright/test';
import * as fs from 'node:fs';
import { ffmpegTestVideo, hydrated, jsOff, keepScreenshot, signUp, uniqueSlug } from './helpers';

// Issue 16, point 12: the car wizard and the 360° viewer on a 390 × 844 phone.
test.use({ viewport: { width: 390, height: 844 } });

const PHONE = { width: 390, height: 844 };
// The demo organisation's sedan, straight on the glass step (the state in the URL, as without JavaScript).
const GLASS_STEP = '/q/demo/auto?lang=es&step=glass&vehicle.make=Honda&vehicle.model=Accord&vehicle.year=2003&vehicle.body_type=sedan';

/** Screenshots for people to look at: /tmp/shots/<name>-<project>.png (the screen, and the whole page). */
async function shoot(page: Page, info: TestInfo, name: string) {
  fs.mkdirSync('/tmp/shots', { recursive: true });
  await page.screenshot({ path: `/tmp/shots/${name}-${info.project.name}.png` });
  await page.screenshot({ path: `/tmp/shots/${name}-${info.project.name}-full.png`, fullPage: true });
  await keepScreenshot(page, info, name);
}

async function pageHeight(page: Page, info: TestInfo, what: string) {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  console.log(`[${info.project.name}] ${what}: page height ${height} px`);
  return height;
}

/** Presses a submit button; without JavaScript that loads the next page. */
async function press(page: Page, info: TestInfo, button: Locator) {
  if (jsOff(info)) {
    await Promise.all([page.waitForEvent('load'), button.click()]);
  } else {
    await button.click();
  }
}

test('on a phone the car is a drawing whose windows are tapped, and a dark film is warned about beside it', async ({ page }, info) => {
  test.skip(!info.project.name.startsWith('phone'), 'the phone layout');
  await page.goto(GLASS_STEP);
  if (!jsOff(info)) await hydrated(page);
  const diagram = page.getByTestId('car-diagram');
  await expect(diagram).toBeVisible();
  await expect(diagram).toHaveAttribute('data-body', 'sedan');
  const buttons = diagram.getByTestId('diagram-glass');
  await expect(buttons).toHaveCount(11);
  // Every glass of the drawing is at least a fingertip (44 × 44 px) and inside the screen.
  const boxes = await buttons.evaluateAll((els) => els.map((e) => {
    const r = e.getBoundingClientRect();
    return { name: e.getAttribute('aria-label'), width: r.width, height: r.height, left: r.left, right: r.right };
  }));
  for (const box of boxes) {
    expect(box.width, `${box.name} width`).toBeGreaterThanOrEqual(44);
    expect(box.height, `${box.name} height`).toBeGreaterThanOrEqual(44);
    expect(box.left).toBeGreaterThanOrEqual(0);
    expect(box.right).toBeLessThanOrEqual(PHONE.width);
  }
  await pageHeight(page, info, 'glass step, nothing chosen');

  // Tapping the front left window on the drawing chooses it: the same state as its checkbox, and a price.
  const frontLeft = diagram.getByRole('button', { name: 'Ventana delantera izquierda' });
  const checkbox = page.locator('input[name="glass"][value="front_left"]');
  const drawn = diagram.locator('[data-glass="front_left"]');
  await expect(frontLeft).toHaveAttribute('aria-pressed', 'false');
  await expect(checkbox).not.toBeChecked();
  await expect(page.getByTestId('total-phone')).toHaveText('—');
  await expect(page.getByTestId('price-line')).toHaveCount(0);
  await press(page, info, frontLeft);
  if (jsOff(info)) {
    // Without JavaScript the server toggled it and the page comes back at the drawing.
    await expect(page).toHaveURL(/op=glass%3Afront_left.*#car-diagram$/);
  }
  await expect(frontLeft).toHaveAttribute('aria-pressed', 'true');
  await expect(checkbox).toBeChecked();
  await expect(drawn).toHaveClass(/fill-teal-600/);
  await expect(page.getByTestId('price-line')).toHaveCount(1);
  await expect(page.getByTestId('total-phone')).toHaveText(/^US\$\d/);
  const lightTotal = await page.getByTestId('total-phone').textContent();

  // A film darker than the legal minimum: the warning is right under that window's film, named by it.
  const film = page.locator('select[name="film.front_left"]');
  await film.selectOption('AUTO-CARBON-05');
  if (jsOff(info)) await press(page, info, page.getByRole('button', { name: 'Actualizar precio' }));
  const warning = page.locator('#film-front_left-warning');
  await expect(warning).toBeVisible();
  await expect(warning.getByTestId('tint-warning')).toContainText('35 %');
  await expect(film).toHaveAttribute('aria-describedby', /film-front_left-warning/);
  const filmBox = (await film.boundingBox())!;
  const warningBox = (await warning.boundingBox())!;
  expect(warningBox.y - (filmBox.y + filmBox.height), 'the warning sits under its film').toBeLessThan(60);
  expect(warningBox.y).toBeGreaterThan(filmBox.y);
  await expect(page.locator('[data-testid="glass"][data-position="front_right"]').getByTestId('tint-warning')).toHaveCount(0);
  // The drawing shows the warned glass in amber; the price follows the film.
  await expect(drawn).toHaveClass(/fill-amber-400/);
  await expect(page.getByTestId('total-phone')).not.toHaveText(lightTotal!);
  await warning.scrollIntoViewIfNeeded();
  await shoot(page, info, 'car-warning');
  await diagram.scrollIntoViewIfNeeded();
  await shoot(page, info, 'car-diagram');
  await pageHeight(page, info, 'glass step, front left chosen');

  // Tapping it again drops it (the checkbox too).
  await press(page, info, frontLeft);
  await expect(frontLeft).toHaveAttribute('aria-pressed', 'false');
  await expect(checkbox).not.toBeChecked();
  await expect(page.getByTestId('price-line')).toHaveCount(0);
});

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

/** Whether `locator` lies wholly on the 390 × 844 screen as scrolled now. */
async function onScreen(locator: Locator) {
  const box = (await locator.boundingBox())!;
  return box.y >= 0 && box.x >= 0 && box.y + box.height <= PHONE.height && box.x + box.width <= PHONE.width;
}

test('on a phone the 360° viewer fits the screen with its caption and arrows', async ({ page }, info) => {
  test.skip(info.project.name !== 'phone-js', 'the viewer turns with JavaScript; without it the frames are a strip');
  test.setTimeout(240_000);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await signUp(page, info, uniqueSlug(info, 'fit'));
  await page.goto('/app/vehicles');
  await hydrated(page);
  const form = page.getByTestId('new-vehicle');
  await form.getByLabel('Marca', { exact: true }).fill('Honda');
  await form.getByLabel('Modelo', { exact: true }).fill('Accord');
  await form.getByLabel('Año modelo', { exact: true }).fill('2003');
  await form.getByLabel('Carrocería', { exact: true }).selectOption('sedan');
  await form.getByRole('button', { name: 'Agregar vehículo' }).click();
  await expect(page).toHaveURL(/\/app\/vehicles\/[0-9a-f-]{36}$/);
  await hydrated(page);
  // A portrait 360° video, like a phone's: its frames are taller than the screen is wide.
  const upload = page.getByTestId('spin-upload');
  await upload.getByLabel('Video (MP4, MOV, AVI o WebM)').setInputFiles(ffmpegTestVideo('360x640', 6));
  await upload.getByRole('button', { name: 'Subir video' }).click();
  await expect(page.getByTestId('spin-job')).toHaveAttribute('data-status', 'Completed', { timeout: 120_000 });
  const viewer = page.getByTestId('spin-viewer');
  await expect(viewer).toHaveAttribute('data-ready', 'true');
  await expect(viewer.locator('[data-testid="spin-frame"]:visible img')).toBeVisible();

  // Scrolled to the viewer, the picture, its caption and both arrows are on screen together.
  await viewer.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  const stage = viewer.getByTestId('spin-stage');
  const angle = viewer.getByTestId('spin-angle');
  const prev = viewer.getByTestId('spin-prev');
  const next = viewer.getByTestId('spin-next');
  for (const [what, locator] of [['picture', stage], ['caption', angle], ['left arrow', prev], ['right arrow', next]] as const) {
    expect(await onScreen(locator), `${what} on a 390 × 844 screen`).toBe(true);
  }
  const viewerBox = (await viewer.boundingBox())!;
  console.log(`[${info.project.name}] spin viewer: ${Math.round(viewerBox.height)} px high`);
  expect(viewerBox.height).toBeLessThanOrEqual(PHONE.height);
  await shoot(page, info, 'spin-viewer');
  await pageHeight(page, info, 'vehicle page with its spin');

  // Keyboard and swipe still turn it.
  await expect(angle).toHaveText('Frente');
  await stage.focus();
  await page.keyboard.press('ArrowRight');
  await expect(angle).toHaveText('Frente derecha');
  const perFrame = Math.min(Math.max((await stage.boundingBox())!.width / 6, 8), 60);
  await swipe(page, stage, -perFrame * 2.5);
  await expect(angle).toHaveText('Trasera');
  await next.click();
  await expect(angle).toHaveText('Trasera izquierda');
});
