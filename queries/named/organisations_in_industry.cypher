// name: organisations_in_industry
// description: >
//   Organisations (institutions, enterprises, governments, platforms) that focus on an
//   industry or — with `include_narrower` — on any narrower industry (BROADER chains).
// params:
//   industry: {type: entity, required: true, description: key or exact name of the industry}
//   include_narrower: {type: bool, default: true}
//   classes: {type: "list[class]", default: null, description: classes of the organisations}
// columns: [key, name, class, industry, industry_name]
MATCH (i:Entity {key: $industry})
MATCH (sub:Entity)-[:BROADER*0..6]->(i)
WHERE $include_narrower OR sub.key = $industry
MATCH (o:Entity)-[:FOCUSES_ON]->(sub)
WHERE ($classes IS NULL OR o.class IN $classes)
RETURN DISTINCT o.key, o.name, o.class, sub.key, sub.name
ORDER BY o.key, sub.key
