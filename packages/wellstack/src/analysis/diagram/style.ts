import type { Category, EdgeKind, GroupKind } from './graph.ts';

/** Stroke and fill per category, after the AWS architecture icon palette. */
export const CATEGORY_COLORS: Record<Category, { readonly stroke: string; readonly fill: string }> = {
  internet: { stroke: '#232F3E', fill: '#FFFFFF' },
  networking: { stroke: '#8C4FFF', fill: '#F4EFFF' },
  compute: { stroke: '#ED7100', fill: '#FFF3E8' },
  database: { stroke: '#C925D1', fill: '#FBEEFC' },
  storage: { stroke: '#7AA116', fill: '#F2F7E9' },
  edge: { stroke: '#8C4FFF', fill: '#F4EFFF' },
  security: { stroke: '#DD344C', fill: '#FDEEF0' },
  integration: { stroke: '#E7157B', fill: '#FDEDF5' },
};

/** Cluster look: AWS group icons (VPC purple, public subnet green, private teal, AZ dashed blue). */
export function groupStyle(
  kind: GroupKind,
  tier?: string,
): { readonly stroke: string; readonly fill: string; readonly dashed: boolean } {
  if (kind === 'vpc') return { stroke: '#8C4FFF', fill: '#FFFFFF', dashed: false };
  if (kind === 'az') return { stroke: '#147EBA', fill: 'none', dashed: true };
  if (kind === 'tier' && tier === 'public') return { stroke: '#7AA116', fill: '#F7FAF2', dashed: false };
  if (kind === 'tier' && tier === 'private') return { stroke: '#00A4A6', fill: '#F0F9F9', dashed: false };
  if (kind === 'tier') return { stroke: '#879196', fill: '#F6F7F8', dashed: false };
  return { stroke: '#AAB7B8', fill: '#FAFAFA', dashed: true };
}

export const EDGE_STYLES: Record<
  EdgeKind,
  { readonly color: string; readonly style: 'solid' | 'dashed' | 'dotted' }
> = {
  traffic: { color: '#545B64', style: 'solid' },
  admits: { color: '#DD344C', style: 'dashed' },
  origin: { color: '#8C4FFF', style: 'solid' },
  alias: { color: '#8C4FFF', style: 'dotted' },
  tls: { color: '#DD344C', style: 'dotted' },
  replication: { color: '#C925D1', style: 'dashed' },
  event: { color: '#E7157B', style: 'solid' },
};

/** The tier a tier group's id ends with (`…_public`). */
export function tierOfGroup(id: string): string | undefined {
  return /_(public|private|isolated)$/.exec(id)?.[1];
}
