// name: indicator_city_platforms
// description: >
//   Platforms of a city: located in it (or in a place inside it), or built or led by an
//   organisation located there. One row per platform and the relationship that places it in
//   the city; `grp` is the platform's class, `hit` whether an enterprise builds or leads it.
// params:
//   city: {type: entity, required: true, description: key or exact name of the city}
//   as_of: {type: date, default: null, description: only relationships valid on this date}
// columns: [subject, grp, start, type, end, sources]
MATCH (c:Entity {key: $city})
MATCH (p:Platform)-[r:LOCATED_IN]->(:Place)-[:PART_OF*0..3]->(c)
WHERE $as_of IS NULL OR (
      (r.valid_from IS NULL OR r.valid_from <= left($as_of, size(r.valid_from)))
  AND (r.valid_to IS NULL OR r.valid_to >= left($as_of, size(r.valid_to))))
RETURN p.key AS subject, p.class AS grp, p.key AS start, type(r) AS type, endNode(r).key AS end,
       r.source_ids AS sources
UNION
MATCH (c:Entity {key: $city})
MATCH (o:Entity)-[l:LOCATED_IN]->(:Place)-[:PART_OF*0..3]->(c)
WITH o, l
MATCH (o)-[r:BUILDS|LEADS]->(p:Platform)
WHERE $as_of IS NULL OR (
      (r.valid_from IS NULL OR r.valid_from <= left($as_of, size(r.valid_from)))
  AND (r.valid_to IS NULL OR r.valid_to >= left($as_of, size(r.valid_to)))
  AND (l.valid_to IS NULL OR l.valid_to >= left($as_of, size(l.valid_to))))
RETURN p.key AS subject, p.class AS grp, o.key AS start, type(r) AS type, p.key AS end,
       r.source_ids AS sources
