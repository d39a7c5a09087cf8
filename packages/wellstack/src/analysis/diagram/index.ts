/**
 * The architecture diagram, from templates alone:
 * - `buildGraph(stacks)` → `Graph`: nodes, edges and nested groups (VPC → subnet tier → AZ; edge and
 *   regional services outside the VPC);
 * - `toDot(graph)`, `toMermaid(graph)`: text forms;
 * - `renderSvg(graph)`: an SVG document through Graphviz compiled to WebAssembly (offline).
 */
export { buildGraph } from './build.ts';
export { toDot } from './dot.ts';
export type {
  Category,
  EdgeKind,
  Graph,
  GraphEdge,
  GraphGroup,
  GraphNode,
  GroupKind,
  NodeKind,
} from './graph.ts';
export { toMermaid } from './mermaid.ts';
export { renderSvg } from './svg.ts';
