// name: city_industry_gaps
// description: >
//   Industries of a city — those that enterprises or government bodies located in it (or in
//   a place inside it) focus on — that no institution or platform in the city serves (a
//   server focusing on the industry or on a narrower one counts). `demand` is how many
//   entities of the city focus on it.
// params:
//   city: {type: entity, required: true, description: key or exact name of the city}
// columns: [key, name, demand]
MATCH (c:Entity {key: $city})
OPTIONAL MATCH (s:Entity)-[:LOCATED_IN]->(:Place)-[:PART_OF*0..3]->(c)
WHERE s.top IN ['Institution', 'Platform']
OPTIONAL MATCH (s)-[:FOCUSES_ON]->(:Entity)-[:BROADER*0..6]->(served:Entity)
WITH c, collect(DISTINCT served.key) AS served
MATCH (e:Entity)-[:LOCATED_IN]->(:Place)-[:PART_OF*0..3]->(c)
WHERE e.top IN ['Enterprise', 'Government']
MATCH (e)-[:FOCUSES_ON]->(i:Entity)
WHERE NOT i.key IN served
RETURN i.key AS key, i.name AS name, count(DISTINCT e.key) AS demand
ORDER BY demand DESC, key
