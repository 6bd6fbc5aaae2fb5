// name: entities_in_city
// description: >
//   Keys of the entities of the given top classes located in a city or in a place inside it
//   (LOCATED_IN, then PART_OF up to 3 steps).
// params:
//   city: {type: entity, required: true, description: key or exact name of the city}
//   tops: {type: "list[string]", required: true, description: top classes to keep}
// columns: [key]
MATCH (c:Entity {key: $city})
MATCH (n:Entity)-[:LOCATED_IN]->(:Place)-[:PART_OF*0..3]->(c)
WHERE n.top IN $tops
RETURN DISTINCT n.key AS key
