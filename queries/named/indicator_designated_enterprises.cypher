// name: indicator_designated_enterprises
// description: >
//   Enterprises located in a city (or in a place inside it) that a policy or a government
//   body DESIGNATES (产教融合型企业 lists and similar). One row per designation; the
//   indicator counts distinct enterprises.
// params:
//   city: {type: entity, required: true, description: key or exact name of the city}
//   as_of: {type: date, default: null, description: only relationships valid on this date}
// columns: [subject, grp, start, type, end, sources]
MATCH (c:Entity {key: $city})
MATCH (e:Enterprise)-[l:LOCATED_IN]->(:Place)-[:PART_OF*0..3]->(c)
MATCH (d:Entity)-[r:DESIGNATES]->(e)
WHERE $as_of IS NULL OR (
      (r.valid_from IS NULL OR r.valid_from <= left($as_of, size(r.valid_from)))
  AND (r.valid_to IS NULL OR r.valid_to >= left($as_of, size(r.valid_to)))
  AND (l.valid_to IS NULL OR l.valid_to >= left($as_of, size(l.valid_to))))
RETURN DISTINCT e.key AS subject, null AS grp, d.key AS start, type(r) AS type, e.key AS end,
       r.source_ids AS sources
ORDER BY subject, start
