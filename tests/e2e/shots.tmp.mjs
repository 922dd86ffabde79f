import { serveDist, launch, openPage, byTestId } from './harness.mjs';
const server = await serveDist();
const browser = await launch();
for (const [name, viewport, extra] of [['laptop', { width: 1280, height: 800 }, {}], ['phone', { width: 390, height: 844 }, { isMobile: true, hasTouch: true }]]) {
  const { page, errors } = await openPage(browser, server.origin, { viewport, ...extra });
  await byTestId(page, 'drop-zone').waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: `/tmp/shot-${name}-0.png` });
  await byTestId(page, 'example').click();
  await byTestId(page, 'convert').waitFor();
  await page.screenshot({ path: `/tmp/shot-${name}-1.png` });
  await byTestId(page, 'convert').click();
  await byTestId(page, 'headline').waitFor();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `/tmp/shot-${name}-2.png` });
  await page.screenshot({ path: `/tmp/shot-${name}-3.png`, fullPage: true });
  console.log(name, errors);
}
await browser.close();
await server.close();
