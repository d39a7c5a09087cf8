import { Graphviz } from '@hpcc-js/wasm-graphviz';
import type { Graph } from './graph.ts';
import { toDot } from './dot.ts';

/** Loading compiles the WebAssembly module (~100 ms): done once per process. */
let graphviz: Promise<Graphviz> | undefined;

/** The graph as a standalone SVG document, laid out by Graphviz (WebAssembly, no network, no native binary). */
export async function renderSvg(graph: Graph): Promise<string> {
  graphviz ??= Graphviz.load();
  return (await graphviz).dot(toDot(graph), 'svg');
}
