import { describe, expect, it } from 'vitest';
import { figureOfClaim } from '../../src/report/claimFigures.js';
import { figuresForClaims } from '../../src/report/reportFigures.js';
import { escapeHtml, scriptJson, verifyReportHtml } from '../../src/report/verifyReport.js';
import { gitCommit } from '../../src/report/buildReport.js';
import { reportFixture } from './reportFixture.js';
import { assertWellFormed } from '../figures/svgCheck.js';

describe('verify report (HTML)', () => {
  it('is one self-contained file: data embedded, claim rows, failure details, figures inline, nothing to fetch', async () => {
    const { doc, html } = await reportFixture();
    const data = /<script type="application\/json" id="verify-data">([\s\S]*?)<\/script>/.exec(html);
    expect(data).not.toBeNull();
    expect(JSON.parse(data![1])).toEqual(doc);
    expect(html.match(/<tr class="claim"/g)).toHaveLength(doc.claims.length);
    expect(html).toContain(`${doc.claims.length - 1} passed`);
    expect(html).toContain('1 failed');
    const failure = doc.claims.find((c) => !c.holds)!;
    expect(html).toContain(escapeHtml(failure.replay));
    expect(html).toContain('Shrunk counterexample');
    expect(html).toContain('id="fig-F1"');
    expect(html).toContain('id="fig-F6"');
    // No external resource: no src/href to a URL, no @import, no url() but fragment references.
    expect(html).not.toMatch(/\s(src|href)="(https?:)?\/\//);
    expect(html).not.toMatch(/@import|<link\b/);
    for (const m of html.matchAll(/url\(([^)]*)\)/g)) expect(m[1].startsWith('#')).toBe(true);
    expect(html).toContain("default-src 'none'");
    // The inline SVGs are well formed (the page around them is HTML, checked in the browser test).
    for (const m of html.matchAll(/<svg[\s\S]*?<\/svg>/g)) assertWellFormed(m[0]);
  }, 300_000);

  it('escapes text and keeps embedded JSON from closing its script element', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const json = scriptJson({ s: '</script><script>alert(1)</script>' });
    expect(json).not.toContain('</script>');
    expect(JSON.parse(json)).toEqual({ s: '</script><script>alert(1)</script>' });
    const html = verifyReportHtml(
      {
        seed: 1,
        scale: 'ci',
        passed: 0,
        failed: 1,
        claims: [
          {
            id: 'C5',
            name: '<b>x</b>',
            reference: '§4',
            holds: false,
            instances: 3,
            seed: 1,
            replay: "dlgen verify --claim C5 --planted 'a b'",
            failure: { spec: { n: 1 }, path: '0', shrinks: 0, error: 'boom' },
          },
        ],
      },
      { version: 'v', node: 'n', date: 'd' },
      [],
    );
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(html).toContain('git commit</dt><dd>not available');
    expect(html).toContain('No figure was drawn');
    expect(html).toContain('boom');
  });

  it('maps claims to their illustrating figures (C5 → the MP histogram of F2, C10 → F3, C16 → F7)', () => {
    expect(figureOfClaim('C5')?.figure).toBe('F2');
    expect(figureOfClaim('C10a')?.figure).toBe('F3');
    expect(figureOfClaim('C16f')?.figure).toBe('F7');
    expect(figureOfClaim('C18a')).toBeUndefined();
    expect(figureOfClaim('FT1')).toBeUndefined();
    expect(figuresForClaims(['C16a', 'C5', 'C10b', 'C16b', 'C18a'])).toEqual(['F2', 'F3', 'F7']);
  });

  it('finds the git commit of a checkout, and none outside one', () => {
    const c = gitCommit();
    if (c !== undefined) expect(c).toMatch(/^[0-9a-f]{40}$/);
    expect(gitCommit('/')).toBeUndefined();
  });
});
