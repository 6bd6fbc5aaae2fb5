// name: neighbourhood
// description: >
//   Entities within `hops` (1–3) relationships of an entity, in either direction, following
//   only the given relation types and relationships valid on `as_of`; neighbours filtered by
//   class (subclasses included). Distance is the fewest hops.
// params:
//   key: {type: entity, required: true, description: key or exact name of the centre}
//   hops: {type: int, default: 1, min: 1, max: 3, inline: true, description: "1–3"}
//   types: {type: "list[relation]", default: null, description: relation types to follow}
//   classes: {type: "list[class]", default: null, description: classes of the neighbours}
//   as_of: {type: date, default: null, description: only relationships valid on this date}
//   limit: {type: int, default: 500, min: 1, max: 10000}
// columns: [key, name, class, distance]
MATCH p = (a:Entity {key: $key})-[*1..{{hops}}]-(b:Entity)
WHERE b.key <> $key
  AND ($classes IS NULL OR b.class IN $classes)
  AND ALL(r IN relationships(p) WHERE ($types IS NULL OR type(r) IN $types)
      AND ($as_of IS NULL OR (
           (r.valid_from IS NULL OR r.valid_from <= left($as_of, size(r.valid_from)))
       AND (r.valid_to IS NULL OR r.valid_to >= left($as_of, size(r.valid_to))))))
WITH b, min(length(p)) AS distance
RETURN b.key, b.name, b.class, distance
ORDER BY distance, b.key
LIMIT $limit
