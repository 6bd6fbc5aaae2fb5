// name: gap_institutions_without_enterprise
// description: >
//   Institutions located in a city with no enterprise partner: no stated cooperation with an
//   enterprise and no platform built or led together with one.
// params:
//   city: {type: entity, required: true, description: key or exact name of the city}
// columns: [key, name, class]
MATCH (c:Entity {key: $city})
MATCH (x:Institution)-[:LOCATED_IN]->(:Place)-[:PART_OF*0..3]->(c)
WITH DISTINCT x
OPTIONAL MATCH (x)-[r1:COOPERATES_WITH]-(e1:Enterprise)
WITH x, count(r1) AS direct
OPTIONAL MATCH (x)-[r2:BUILDS|LEADS]->(:Platform)<-[r3:BUILDS|LEADS]-(e2:Enterprise)
WITH x, direct, count(r3) AS shared
WHERE direct = 0 AND shared = 0
RETURN x.key AS key, x.name AS name, x.class AS class
ORDER BY key
