// name: entities_in_industry
// description: >
//   Keys of the entities of the given top classes that focus on an industry or on a narrower
//   one (BROADER up to 6 steps).
// params:
//   industry: {type: entity, required: true, description: key or exact name of the industry}
//   tops: {type: "list[string]", required: true, description: top classes to keep}
// columns: [key]
MATCH (i:Entity {key: $industry})
MATCH (n:Entity)-[:FOCUSES_ON]->(:Entity)-[:BROADER*0..6]->(i)
WHERE n.top IN $tops
RETURN DISTINCT n.key AS key
