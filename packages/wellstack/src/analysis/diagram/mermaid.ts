import type { Graph, GraphGroup } from './graph.ts';
import { CATEGORY_COLORS, EDGE_STYLES, groupStyle, tierOfGroup } from './style.ts';

/** Escapes text inside a quoted Mermaid label: entity codes instead of characters Mermaid would parse. */
function text(value: string): string {
  return value
    .replace(/&/g, '#amp;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/\|/g, '#124;');
}

const ARROWS = { solid: '-->', dashed: '-.->', dotted: '-.->' } as const;

/** The graph as a Mermaid flowchart: one subgraph per group, a class per category. */
export function toMermaid(graph: Graph): string {
  const lines: string[] = ['flowchart TB'];
  const children = (parent: string | undefined): readonly GraphGroup[] =>
    graph.groups.filter((g) => g.parent === parent);
  const emit = (parent: string | undefined, indent: string): void => {
    for (const node of graph.nodes.filter((n) => n.group === parent)) {
      const detail = node.detail ? `<br/><small>${text(node.detail)}</small>` : '';
      lines.push(`${indent}${node.id}["<b>${text(node.label)}</b>${detail}"]:::${node.category}`);
    }
    for (const group of children(parent)) {
      lines.push(`${indent}subgraph ${group.id}["${text(group.label)}"]`);
      lines.push(`${indent}  direction TB`);
      emit(group.id, `${indent}  `);
      lines.push(`${indent}end`);
    }
  };
  emit(undefined, '  ');
  graph.edges.forEach((edge) => {
    const arrow = ARROWS[EDGE_STYLES[edge.kind].style];
    lines.push(`  ${edge.from} ${arrow}${edge.label ? `|"${text(edge.label)}"|` : ''} ${edge.to}`);
  });
  graph.edges.forEach((edge, i) => {
    lines.push(`  linkStyle ${i} stroke:${EDGE_STYLES[edge.kind].color}`);
  });
  for (const [category, { stroke, fill }] of Object.entries(CATEGORY_COLORS))
    lines.push(`  classDef ${category} fill:${fill},stroke:${stroke},color:#16191F`);
  for (const group of graph.groups) {
    const style = groupStyle(group.kind, tierOfGroup(group.id));
    const fill = style.fill === 'none' ? 'transparent' : style.fill;
    const dash = style.dashed ? ',stroke-dasharray:5 4' : '';
    lines.push(`  style ${group.id} fill:${fill},stroke:${style.stroke}${dash}`);
  }
  return `${lines.join('\n')}\n`;
}
