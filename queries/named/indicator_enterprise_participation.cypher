// name: indicator_enterprise_participation
// description: >
//   For every platform of the city (see indicator_city_platforms), the enterprises that
//   build or lead it: one row per (platform, enterprise relationship), `start` null where no
//   enterprise takes part. The indicator is the share of platforms with at least one.
// params:
//   city: {type: entity, required: true, description: key or exact name of the city}
//   as_of: {type: date, default: null, description: only relationships valid on this date}
// columns: [subject, grp, start, type, end, sources]
MATCH (c:Entity {key: $city})
MATCH (p:Platform)-[r0:LOCATED_IN]->(:Place)-[:PART_OF*0..3]->(c)
WHERE $as_of IS NULL OR (
      (r0.valid_from IS NULL OR r0.valid_from <= left($as_of, size(r0.valid_from)))
  AND (r0.valid_to IS NULL OR r0.valid_to >= left($as_of, size(r0.valid_to))))
WITH DISTINCT p
OPTIONAL MATCH (e:Enterprise)-[r:BUILDS|LEADS]->(p)
WHERE $as_of IS NULL OR (
      (r.valid_from IS NULL OR r.valid_from <= left($as_of, size(r.valid_from)))
  AND (r.valid_to IS NULL OR r.valid_to >= left($as_of, size(r.valid_to))))
RETURN p.key AS subject, p.class AS grp, e.key AS start, type(r) AS type, p.key AS end,
       r.source_ids AS sources
UNION
MATCH (c:Entity {key: $city})
MATCH (o:Entity)-[l:LOCATED_IN]->(:Place)-[:PART_OF*0..3]->(c)
WITH o, l
MATCH (o)-[r0:BUILDS|LEADS]->(p:Platform)
WHERE $as_of IS NULL OR (
      (r0.valid_from IS NULL OR r0.valid_from <= left($as_of, size(r0.valid_from)))
  AND (r0.valid_to IS NULL OR r0.valid_to >= left($as_of, size(r0.valid_to)))
  AND (l.valid_to IS NULL OR l.valid_to >= left($as_of, size(l.valid_to))))
WITH DISTINCT p
OPTIONAL MATCH (e:Enterprise)-[r:BUILDS|LEADS]->(p)
WHERE $as_of IS NULL OR (
      (r.valid_from IS NULL OR r.valid_from <= left($as_of, size(r.valid_from)))
  AND (r.valid_to IS NULL OR r.valid_to >= left($as_of, size(r.valid_to))))
RETURN p.key AS subject, p.class AS grp, e.key AS start, type(r) AS type, p.key AS end,
       r.source_ids AS sources
