import { describe, expect, it } from 'vitest';
import { buildGraph, renderSvg, toMermaid } from '../../src/analysis/diagram/index.ts';
import type { StackTemplate } from '../../src/analysis/template/index.ts';
import { renderCompareHtml, renderReportHtml } from '../../src/report/index.ts';
import { haStacks } from '../fixtures/diagram/ha.ts';
import { assetsOf, NAG_FINDING, planOf } from './fixture.ts';

const PAYLOAD = '<img src=x onerror=alert(1)>';

describe('renderReportHtml', async () => {
  const plan = planOf();
  const html = renderReportHtml(plan, await assetsOf());

  it('marks the figures tests and tools read with stable ids', () => {
    expect(html).toContain(
      `data-testid="monthly-total" data-value="${plan.cost!.monthly}">$${plan.cost!.monthly.toFixed(2)}<`,
    );
    expect(html).toContain('data-testid="findings-high">1 high<');
    expect(html).toMatch(/data-testid="diagram-svg"/);
    for (const id of ['cost-by-service', 'line-items', 'assumptions', 'stacks'])
      expect(html).toContain(`data-testid="${id}"`);
  });

  it('shows each line with its source and flags unverified figures', () => {
    expect(html).toContain('PL 2026-10-01');
    expect(html).toMatch(/<tr class="unverified">.*CloudFront requests \(1M HTTPS\).*badge unverified/);
  });

  it('groups findings by severity with their fix and source', () => {
    expect(html.indexOf('id="findings-high"')).toBeLessThan(html.indexOf('id="findings-medium"'));
    expect(html).toContain(
      `<strong>Fix:</strong> Restrict the load balancer to CloudFront’s origin-facing prefix list.`,
    );
    expect(html).toContain('<span class="badge source">cdk-nag</span>');
    expect(html).toContain('<span class="badge source">wellstack</span>');
  });

  it('needs no network: no scripts, stylesheets, images or fonts from elsewhere', () => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html).not.toMatch(/\s(src|srcset)=/i);
    expect(html).not.toMatch(/href="(https?:)?\/\//);
  });

  it('escapes every string that comes from templates, findings and cost lines', async () => {
    const stacks: StackTemplate[] = haStacks().map((s) => ({
      ...s,
      name: `Ha${PAYLOAD}`,
      template: {
        Resources: {
          ...s.template.Resources,
          Evil: {
            Type: 'AWS::S3::Bucket',
            Metadata: { 'aws:cdk:path': `Ha/</script><script>alert(1)</script>${PAYLOAD}/Bucket` },
          },
        },
      },
    }));
    const evil = planOf(stacks, {
      findings: [
        { ...NAG_FINDING, message: PAYLOAD, fix: '"><svg onload=alert(1)>', path: '</code><b>x</b>' },
      ],
      lineItems: [
        {
          resource: PAYLOAD,
          type: 'AWS::S3::Bucket',
          description: PAYLOAD,
          quantity: 1,
          unit: '<u>',
          unitPrice: 1,
          monthly: 1,
          source: PAYLOAD,
        },
      ],
    });
    const graph = buildGraph(stacks);
    const out = renderReportHtml(evil, { svg: await renderSvg(graph), mermaid: toMermaid(graph) });
    expect(out).not.toMatch(/<img|<script|<b>x<\/b>|<u>/i);
    expect(out).not.toMatch(/<[a-z][^>]*\son(error|load)=/i);
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(out).toContain('&quot;&gt;&lt;svg onload=alert(1)&gt;');
  });

  it('strips anything active from the SVG it inlines', () => {
    const out = renderReportHtml(plan, {
      svg: '<?xml version="1.0"?><svg width="10pt" height="10pt" onload="alert(1)"><script>alert(2)</script><a href="javascript:alert(3)"><text>ok</text></a></svg>',
      mermaid: '',
    });
    expect(out).not.toMatch(/onload|<script|javascript:|<\?xml/);
    expect(out).toContain('<text>ok</text>');
  });

  it('adds the presets side by side when asked', () => {
    const startup = planOf(undefined, { preset: 'startup', lineItems: [], findings: [] });
    const out = renderReportHtml(plan, {
      svg: '<svg></svg>',
      mermaid: '',
      compare: [{ plan: startup }, { plan }],
    });
    expect(out).toContain('data-testid="compare"');
    expect(out.match(/data-testid="compare-total"/g)).toHaveLength(2);
  });
});

describe('renderCompareHtml', () => {
  it('is a page of its own that links to each preset report', () => {
    const startup = planOf(undefined, { preset: 'startup', lineItems: [], findings: [] });
    const ha = planOf();
    const out = renderCompareHtml([
      { plan: startup, reportHref: 'startup/report.html' },
      { plan: ha, reportHref: 'ha/report.html' },
    ]);
    expect(out).toMatch(/^<!DOCTYPE html>/);
    expect(out).toContain('<a href="startup/report.html">startup</a>');
    expect(out).toContain(
      `<td class="num best" data-testid="compare-total">$${startup.cost!.monthly.toFixed(2)}</td>`,
    );
    expect(out).toContain(`$${ha.cost!.monthly.toFixed(2)}`);
  });
});
