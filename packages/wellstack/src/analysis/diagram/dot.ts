import type { Graph, GraphGroup } from './graph.ts';
import { CATEGORY_COLORS, EDGE_STYLES, groupStyle, tierOfGroup } from './style.ts';

const FONT = 'Helvetica,Arial,sans-serif';

/** Escapes text for a Graphviz HTML-like label. */
function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function quote(id: string): string {
  return `"${id.replace(/["\\]/g, '')}"`;
}

/**
 * Graphviz ranks a node by its incoming edges, so a node nothing points at (a NAT gateway, a standby)
 * would float to the top of the drawing. A standby or replica is kept level with its primary; any other
 * such node level with the first node of its group (or of a group inside it) that traffic reaches.
 */
function rankHints(graph: Graph): string[] {
  const constrained = new Set(graph.edges.filter((e) => e.kind !== 'replication').map((e) => e.to));
  const hints: string[] = [];
  for (const edge of graph.edges.filter((e) => e.kind === 'replication'))
    hints.push(`  { rank=same; ${quote(edge.from)}; ${quote(edge.to)}; }`);
  const replicas = new Set(graph.edges.filter((e) => e.kind === 'replication').map((e) => e.to));
  for (const node of graph.nodes) {
    if (!node.group || constrained.has(node.id) || replicas.has(node.id) || node.kind === 'internet')
      continue;
    const anchor = graph.nodes.find((n) => constrained.has(n.id) && within(graph, n.group, node.group!));
    if (anchor) hints.push(`  { rank=same; ${quote(anchor.id)}; ${quote(node.id)}; }`);
  }
  return hints;
}

function within(graph: Graph, group: string | undefined, ancestor: string): boolean {
  for (let g = group; g; g = graph.groups.find((x) => x.id === g)?.parent) if (g === ancestor) return true;
  return false;
}

/** The graph in Graphviz DOT: top-to-bottom, one cluster per group, colours per category. */
export function toDot(graph: Graph): string {
  const lines: string[] = [
    'digraph wellstack {',
    `  graph [rankdir=TB, compound=true, newrank=true, nodesep=0.35, ranksep=0.5, fontname="${FONT}", fontsize=12, pad=0.25, bgcolor="white"];`,
    `  node [shape=box, style="rounded,filled", fontname="${FONT}", fontsize=12, margin="0.18,0.08", penwidth=1.4];`,
    `  edge [fontname="${FONT}", fontsize=10, arrowsize=0.7, penwidth=1.2];`,
  ];
  const children = (parent: string | undefined): readonly GraphGroup[] =>
    graph.groups.filter((g) => g.parent === parent);
  const emit = (parent: string | undefined, indent: string): void => {
    for (const node of graph.nodes.filter((n) => n.group === parent)) {
      const { stroke, fill } = CATEGORY_COLORS[node.category];
      const detail = node.detail
        ? `<br/><font point-size="10" color="#545B64">${html(node.detail)}</font>`
        : '';
      lines.push(
        `${indent}${quote(node.id)} [label=<<b>${html(node.label)}</b>${detail}>, color="${stroke}", fillcolor="${fill}"];`,
      );
    }
    for (const group of children(parent)) {
      const style = groupStyle(group.kind, tierOfGroup(group.id));
      const styles = ['rounded', style.fill === 'none' ? '' : 'filled', style.dashed ? 'dashed' : '']
        .filter((s) => s)
        .join(',');
      lines.push(`${indent}subgraph ${quote(`cluster_${group.id}`)} {`);
      lines.push(
        `${indent}  label=<<b>${html(group.label)}</b>>; labeljust=l; style="${styles}"; color="${style.stroke}"; fillcolor="${style.fill === 'none' ? 'white' : style.fill}"; fontcolor="${style.stroke === '#AAB7B8' ? '#545B64' : style.stroke}"; margin=12;`,
      );
      emit(group.id, `${indent}  `);
      lines.push(`${indent}}`);
    }
  };
  emit(undefined, '  ');
  lines.push(...rankHints(graph));
  for (const edge of graph.edges) {
    const { color, style } = EDGE_STYLES[edge.kind];
    const label = edge.label ? `, label=<${html(edge.label)}>, fontcolor="${color}"` : '';
    const both = edge.kind === 'replication' ? ', constraint=false' : '';
    lines.push(
      `  ${quote(edge.from)} -> ${quote(edge.to)} [color="${color}", style=${style}${label}${both}];`,
    );
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
