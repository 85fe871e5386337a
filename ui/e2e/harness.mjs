// Shared by the end-to-end tests and the benchmark: a real `storyline serve` on a temporary
// database and a free port, and Debian's Chromium driven by playwright-core.

import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, "..", "..");
export const artifacts = join(repoRoot, "test-artifacts");

export function storylineBin() {
  const bin = process.env.STORYLINE_BIN ?? join(repoRoot, "target", "debug", "storyline");
  if (!existsSync(bin)) throw new Error(`no storyline binary at ${bin}: run \`cargo build\` first or set STORYLINE_BIN`);
  return bin;
}

export function chromiumPath() {
  const p = process.env.CHROMIUM ?? "/usr/bin/chromium";
  if (!existsSync(p)) throw new Error(`no Chromium at ${p}: install Debian's chromium package (scripts/install.d/40-webui.sh) or set CHROMIUM`);
  return p;
}

/** Starts `storyline serve --port 0` on a fresh database; resolves once it prints its address. */
export async function startServer({ env = {} } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "storyline-e2e-"));
  const db = join(dir, "storyline.db");
  // STORYLINE_UI_DIR: another build of the UI (e.g. while ui/dist is being embedded elsewhere).
  const uiDir = process.env.STORYLINE_UI_DIR ?? join(repoRoot, "ui", "dist");
  const child = spawn(storylineBin(), ["--db", db, "serve", "--port", "0", "--ui-dir", uiDir], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const url = await new Promise((res, rej) => {
    let out = "";
    const timer = setTimeout(() => rej(new Error(`storyline serve did not start in 20 s; stderr: ${stderr}`)), 20_000);
    child.stdout.on("data", (d) => {
      out += d;
      const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
      if (m) {
        clearTimeout(timer);
        res(m[0]);
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      rej(new Error(`storyline serve exited with ${code}: ${stderr}`));
    });
  });
  return {
    url,
    db,
    stderr: () => stderr,
    /** POST one API command, as the UI does. */
    async api(command, args = {}) {
      const r = await fetch(`${url}api/${command}`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(args),
      });
      const body = await r.json();
      if (!r.ok) throw new Error(`${command}: ${r.status} ${body.message}`);
      return body;
    },
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r() : child.once("exit", r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Chromium with the flags this machine needs (no network but loopback, no sandbox as root). */
export async function startBrowser({ width = 1024, height = 700, colorScheme = "light" } = {}) {
  const profile = mkdtempSync(join(tmpdir(), "storyline-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    viewport: { width, height },
    colorScheme,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export function screenshotPath(name) {
  mkdirSync(artifacts, { recursive: true });
  return join(artifacts, `${name}.png`);
}

/**
 * A local web site for the fetch tests: serves `tests/fixtures/pages/` on 127.0.0.1 and
 * whatever a test puts there with `put(path, { status, type, body })`.
 */
export async function startSite() {
  const { createServer } = await import("node:http");
  const { readFileSync, readdirSync } = await import("node:fs");
  const dir = join(repoRoot, "tests", "fixtures", "pages");
  const pages = new Map();
  const types = { html: "text/html; charset=utf-8", xml: "application/rss+xml", atom: "application/atom+xml", json: "application/feed+json" };
  for (const name of readdirSync(dir)) {
    const ext = name.split(".").pop();
    pages.set(`/${name}`, { status: 200, type: types[ext] ?? "text/plain", body: readFileSync(join(dir, name)) });
  }
  const server = createServer((req, res) => {
    const p = pages.get((req.url ?? "/").split("?")[0]);
    if (!p) {
      res.writeHead(404, { "Content-Type": "text/html" }).end("<p>not found</p>");
      return;
    }
    res.writeHead(p.status, { "Content-Type": p.type }).end(p.body);
  });
  await new Promise((res) => server.listen(0, "127.0.0.1", res));
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    url: (path) => `${base}${path}`,
    page: (name) => readFileSync(join(dir, name), "utf8"),
    put(path, { status = 200, type = "text/html; charset=utf-8", body = "" }) {
      pages.set(path, { status, type, body });
    },
    close: () => new Promise((res) => server.close(res)),
  };
}
