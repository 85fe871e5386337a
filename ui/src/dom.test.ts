import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { h, highlightTerms, safeHref } from "./dom";

const HOSTILE = `<script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2"> <a href="javascript:alert(1)">x</a>`;

describe("DOM building keeps article text as text", () => {
  it("puts markup characters in text nodes, creating no elements", () => {
    const el = h("div", null, HOSTILE);
    expect(el.textContent).toBe(HOSTILE);
    expect(el.querySelector("script, img, a")).toBeNull();
    expect(el.childNodes.length).toBe(1);
    expect(el.firstChild?.nodeType).toBe(Node.TEXT_NODE);
  });

  it("marks search terms without parsing the rest", () => {
    const el = h("p", null, highlightTerms(`${HOSTILE} bridge`, ["bridge", "script"]));
    // "script" twice in the tags, once inside "javascript:", and "bridge".
    expect(el.querySelectorAll("mark").length).toBe(4);
    expect(el.querySelector("script, img")).toBeNull();
    expect(el.textContent).toBe(`${HOSTILE} bridge`);
  });

  it("refuses HTML properties and inline handlers", () => {
    expect(() => h("div", { innerHTML: "<b>x</b>" })).toThrow();
    expect(() => h("div", { attrs: { onclick: "alert(1)" } })).toThrow();
  });

  it("links only http(s) URLs", () => {
    expect(safeHref("javascript:alert(1)")).toBe("#");
    expect(safeHref(" JavaScript:alert(1)")).toBe("#");
    expect(safeHref("data:text/html,<script>")).toBe("#");
    expect(safeHref("https://example.org/a?b=1")).toBe("https://example.org/a?b=1");
    expect(h("a", { href: "javascript:alert(1)" }).getAttribute("href")).toBe("#");
  });
});

describe("the UI source never parses HTML", () => {
  function files(dir: string): string[] {
    return readdirSync(dir).flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") && !p.endsWith(".test.ts") ? [p] : [];
    });
  }
  it("has no innerHTML, outerHTML, insertAdjacentHTML, document.write or DOMParser", () => {
    const offenders = files(join(__dirname)).filter((f) =>
      /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|DOMParser|createContextualFragment/.test(readFileSync(f, "utf8")),
    );
    expect(offenders).toEqual([]);
  });
});
