// Opens a GEXF or GraphML file with graphology-gexf / graphology-graphml (the parsers of
// Sigma.js and Gephi Lite) and prints what they see as one line of JSON: node and edge counts,
// whether the graph came out multi, the edges per relation type and every node's label.
//
//   node read.js gexf FILE        node read.js graphml FILE
'use strict';

const fs = require('fs');
const {MultiDirectedGraph} = require('graphology');

const PARSERS = {gexf: 'graphology-gexf', graphml: 'graphology-graphml'};
// the attribute that holds the relation type in each of our exports
const TYPE_ATTRIBUTE = {gexf: 'relation_type', graphml: 'type'};

function main(argv) {
  const [format, file] = argv;
  if (!PARSERS[format] || !file) {
    process.stderr.write('usage: node read.js gexf|graphml FILE\n');
    return 2;
  }
  const parser = require(PARSERS[format]);
  const graph = parser.parse(MultiDirectedGraph, fs.readFileSync(file, 'utf-8'));
  const perType = {};
  graph.forEachEdge((edge, attrs) => {
    const t = String(attrs[TYPE_ATTRIBUTE[format]]);
    perType[t] = (perType[t] || 0) + 1;
  });
  const labels = graph.mapNodes((node, attrs) => attrs.label);
  const out = {
    nodes: graph.order,
    edges: graph.size,
    multi: graph.multi,
    type: graph.type,
    per_type: perType,
    labels,
  };
  process.stdout.write(JSON.stringify(out) + '\n');
  return 0;
}

process.exitCode = main(process.argv.slice(2));
