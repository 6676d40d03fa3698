// Preview every card with sample data: `npx tsx scripts/render-cards.ts`. Writes .local/cards/preview.html (rendered
// by the adaptivecards browser bundle) and one JSON file per card; screenshots it when a Chromium is available
// (CHROMIUM_PATH or /usr/bin/chromium).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildConfirmCard, buildProgressCard, buildResultCard, type AdaptiveCardJson } from '../src/cards';
import { groupObserver, sampleCards, sampleConfirm, sampleDestructiveConfirm, sampleProgress, sampleResult } from '../test/unit/cards/sample-views';

const root = path.resolve(__dirname, '..');
const outDir = path.join(root, '.local', 'cards');

function previewCards(): Array<[string, AdaptiveCardJson]> {
  return [
    ...Object.entries(sampleCards()),
    ['confirm (destructive)', buildConfirmCard(sampleDestructiveConfirm)],
    ['confirm (group, others see)', buildConfirmCard({ ...sampleConfirm, audience: groupObserver })],
    ['progress (0 %)', buildProgressCard({ ...sampleProgress, state: 'queued', counts: { total: 1000, succeeded: 0, failed: 0, skipped: 0 } })],
    ['progress (100 %)', buildProgressCard({ ...sampleProgress, counts: { total: 1000, succeeded: 990, failed: 10, skipped: 0 } })],
    ['result (cancelled)', buildResultCard({ ...sampleResult, outcome: 'cancelled', counts: { total: 1000, succeeded: 400, failed: 15, skipped: 5 } })],
  ];
}

// Teams renders a markdown subset; this stand-in shows bold and backslash escapes so escaping can be checked by eye.
const MARKDOWN_STAND_IN = `
AdaptiveCards.AdaptiveCard.onProcessMarkdown = function (text, result) {
  var html = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  html = html.replace(/\\*\\*((?:\\\\.|[^*])+?)\\*\\*/g, '<strong>$1</strong>');
  html = html.replace(/\\\\([!-\\/:-@\\[-\`{-~])/g, '$1');
  result.outputHtml = html;
  result.didProcess = true;
};`;

function page(cards: Array<[string, AdaptiveCardJson]>): string {
  const bundle = readFileSync(path.join(root, 'node_modules', 'adaptivecards', 'dist', 'adaptivecards.min.js'), 'utf8');
  const data = JSON.stringify(cards).replace(/</g, '\\u003c');
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Entra Bulk Admin cards</title>
<style>
body { font-family: 'Segoe UI', system-ui, sans-serif; background: #f5f5f5; margin: 24px; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(460px, 1fr)); gap: 24px; align-items: start; }
.frame { background: #fff; border-radius: 8px; box-shadow: 0 1px 4px rgba(0,0,0,.15); padding: 4px; }
h2 { font-size: 13px; color: #616161; margin: 0 0 6px 4px; font-weight: 600; }
</style>
<script>${bundle}</script>
</head><body><div class="grid" id="grid"></div>
<script>
${MARKDOWN_STAND_IN}
var hostConfig = new AdaptiveCards.HostConfig({
  fontFamily: "'Segoe UI', system-ui, sans-serif",
  containerStyles: {
    default: { backgroundColor: '#FFFFFF', foregroundColors: { default: { default: '#242424', subtle: '#616161' }, accent: { default: '#5B5FC7', subtle: '#5B5FC7' }, good: { default: '#237B4B', subtle: '#237B4B' }, warning: { default: '#835B00', subtle: '#835B00' }, attention: { default: '#C4314B', subtle: '#C4314B' } } },
    emphasis: { backgroundColor: '#EBEBEB', foregroundColors: { default: { default: '#242424', subtle: '#616161' } } },
    good: { backgroundColor: '#6BB700' },
    warning: { backgroundColor: '#FFAA44' },
    attention: { backgroundColor: '#F3D6D8' }
  },
  actions: { maxActions: 5, buttonSpacing: 8, actionsOrientation: 'horizontal', actionAlignment: 'left' }
});
var cards = ${data};
var grid = document.getElementById('grid');
cards.forEach(function (entry) {
  var wrap = document.createElement('div');
  var title = document.createElement('h2'); title.textContent = entry[0]; wrap.appendChild(title);
  var frame = document.createElement('div'); frame.className = 'frame';
  var card = new AdaptiveCards.AdaptiveCard(); card.hostConfig = hostConfig; card.parse(entry[1]);
  frame.appendChild(card.render()); wrap.appendChild(frame); grid.appendChild(wrap);
});
</script></body></html>`;
}

async function screenshot(htmlPath: string, pngPath: string): Promise<boolean> {
  const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find((p): p is string => p !== undefined && existsSync(p));
  if (executablePath === undefined) return false;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  try {
    const pageHandle = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
    await pageHandle.goto(`file://${htmlPath}`);
    await pageHandle.screenshot({ path: pngPath, fullPage: true });
  } finally {
    await browser.close();
  }
  return true;
}

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const cards = previewCards();
  for (const [name, card] of cards) {
    writeFileSync(path.join(outDir, `${name.replace(/[^a-z0-9-]+/gi, '-').replace(/-+$/, '')}.json`), `${JSON.stringify(card, null, 2)}\n`);
  }
  const htmlPath = path.join(outDir, 'preview.html');
  writeFileSync(htmlPath, page(cards));
  console.log(`wrote ${htmlPath} (${cards.length} cards)`);
  const pngPath = path.join(outDir, 'preview.png');
  if (await screenshot(htmlPath, pngPath)) console.log(`wrote ${pngPath}`);
  else console.log('no Chromium found (set CHROMIUM_PATH); open preview.html in a browser instead');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
