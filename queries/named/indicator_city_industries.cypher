// name: indicator_city_industries
// description: >
//   The industries of a city and who serves them. Demand: industries that enterprises or
//   government bodies located in the city, or policies issued by the city's government
//   bodies, focus on or support (grp "demand"). Supply: platforms (grp "platform") and
//   institutions (grp "institution") of the city focusing on the industry or on a narrower
//   one. One row per relationship behind each.
// params:
//   city: {type: entity, required: true, description: key or exact name of the city}
//   as_of: {type: date, default: null, description: only relationships valid on this date}
// columns: [subject, grp, start, type, end, sources]
MATCH (c:Entity {key: $city})
MATCH (e:Entity)-[:LOCATED_IN]->(:Place)-[:PART_OF*0..3]->(c)
WHERE e.top IN ['Enterprise', 'Government']
WITH DISTINCT e
MATCH (e)-[r:FOCUSES_ON]->(i:Industry)
WHERE $as_of IS NULL OR (
      (r.valid_from IS NULL OR r.valid_from <= left($as_of, size(r.valid_from)))
  AND (r.valid_to IS NULL OR r.valid_to >= left($as_of, size(r.valid_to))))
RETURN i.key AS subject, 'demand' AS grp, e.key AS start, type(r) AS type, i.key AS end,
       r.source_ids AS sources
UNION
MATCH (c:Entity {key: $city})
MATCH (g:Government)-[:LOCATED_IN]->(:Place)-[:PART_OF*0..3]->(c)
WITH DISTINCT g
MATCH (pol:Policy)-[:ISSUED_BY]->(g)
MATCH (pol)-[r:SUPPORTS|FOCUSES_ON]->(i:Industry)
WHERE $as_of IS NULL OR (
      (r.valid_from IS NULL OR r.valid_from <= left($as_of, size(r.valid_from)))
  AND (r.valid_to IS NULL OR r.valid_to >= left($as_of, size(r.valid_to))))
RETURN i.key AS subject, 'demand' AS grp, pol.key AS start, type(r) AS type, i.key AS end,
       r.source_ids AS sources
UNION
MATCH (c:Entity {key: $city})
MATCH (s:Entity)-[:LOCATED_IN]->(:Place)-[:PART_OF*0..3]->(c)
WHERE s.top IN ['Institution', 'Platform']
WITH DISTINCT s
MATCH (s)-[r:FOCUSES_ON]->(j:Industry)
WITH s, r, j
MATCH (j)-[:BROADER*0..6]->(i:Industry)
WHERE $as_of IS NULL OR (
      (r.valid_from IS NULL OR r.valid_from <= left($as_of, size(r.valid_from)))
  AND (r.valid_to IS NULL OR r.valid_to >= left($as_of, size(r.valid_to))))
RETURN i.key AS subject, toLower(s.top) AS grp, s.key AS start, type(r) AS type, j.key AS end,
       r.source_ids AS sources
