import { expect, type Page } from "@playwright/test";

/** Fails, naming the widest elements, when anything makes the page scroll sideways. */
export async function expectNoHorizontalOverflow(page: Page) {
  const overflow = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return null;
    const wide = [...document.querySelectorAll("body *")].filter((el) => el.getBoundingClientRect().right > width + 1);
    return { scrollWidth: document.documentElement.scrollWidth, elements: wide.slice(-5).map((el) => `${el.tagName.toLowerCase()}.${String(el.className).slice(0, 50)}`) };
  });
  expect(overflow).toBeNull();
}
