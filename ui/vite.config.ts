import { defineConfig } from "vitest/config";

// `base: "./"` so the same build loads from `storyline serve` and from the Tauri asset protocol.
export default defineConfig({
  base: "./",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // No inline scripts or data: URLs, so a strict CSP (no 'unsafe-inline') holds.
    assetsInlineLimit: 0,
  },
  server: {
    // `npm run dev` talks to a `storyline serve` on the default port.
    proxy: { "/api": "http://127.0.0.1:7311" },
  },
  test: {
    environment: "happy-dom",
    include: ["src/**/*.test.ts"],
  },
});
