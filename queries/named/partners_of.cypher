// name: partners_of
// description: >
//   An organisation's partners: directly (COOPERATES_WITH, either direction) and through
//   platforms they both build, lead or belong to. `via` is the shared platform's key (null
//   for a direct partnership).
// params:
//   key: {type: entity, required: true, description: key or exact name of the organisation}
//   as_of: {type: date, default: null, description: only relationships valid on this date}
// columns: [key, name, class, via, via_name]
MATCH (a:Entity {key: $key})-[r:COOPERATES_WITH]-(b:Entity)
WHERE b.key <> $key
  AND ($as_of IS NULL OR (
       (r.valid_from IS NULL OR r.valid_from <= left($as_of, size(r.valid_from)))
   AND (r.valid_to IS NULL OR r.valid_to >= left($as_of, size(r.valid_to)))))
RETURN b.key AS key, b.name AS name, b.class AS class, null AS via, null AS via_name
UNION
MATCH (a:Entity {key: $key})-[r1:MEMBER_OF|LEADS|BUILDS]->(p:Platform)<-[r2:MEMBER_OF|LEADS|BUILDS]-(b:Entity)
WHERE b.key <> $key AND r1 <> r2
  AND ($as_of IS NULL OR ALL(r IN [r1, r2] WHERE
       (r.valid_from IS NULL OR r.valid_from <= left($as_of, size(r.valid_from)))
   AND (r.valid_to IS NULL OR r.valid_to >= left($as_of, size(r.valid_to)))))
RETURN b.key AS key, b.name AS name, b.class AS class, p.key AS via, p.name AS via_name
