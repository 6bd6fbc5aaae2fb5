// name: indicator_institution_enterprise_links
// description: >
//   Institution–enterprise cooperation links of a city (at least one of the two located in
//   it): a stated cooperation (COOPERATES_WITH, either direction) or a platform both build or
//   lead. `subject` is the pair "institution|enterprise"; one row per relationship behind it.
// params:
//   city: {type: entity, required: true, description: key or exact name of the city}
//   as_of: {type: date, default: null, description: only relationships valid on this date}
// columns: [subject, grp, start, type, end, sources]
MATCH (c:Entity {key: $city})
MATCH (x:Entity)-[:LOCATED_IN]->(:Place)-[:PART_OF*0..3]->(c)
WHERE x.top IN ['Institution', 'Enterprise']
WITH DISTINCT x
MATCH (x)-[r:COOPERATES_WITH]-(y:Entity)
WHERE y.top IN ['Institution', 'Enterprise'] AND y.top <> x.top
  AND ($as_of IS NULL OR (
      (r.valid_from IS NULL OR r.valid_from <= left($as_of, size(r.valid_from)))
  AND (r.valid_to IS NULL OR r.valid_to >= left($as_of, size(r.valid_to)))))
WITH CASE WHEN x.top = 'Institution' THEN x.key ELSE y.key END AS i,
     CASE WHEN x.top = 'Institution' THEN y.key ELSE x.key END AS e, r
RETURN DISTINCT i + '|' + e AS subject, 'COOPERATES_WITH' AS grp, startNode(r).key AS start,
       type(r) AS type, endNode(r).key AS end, r.source_ids AS sources
UNION
MATCH (c:Entity {key: $city})
MATCH (x:Entity)-[:LOCATED_IN]->(:Place)-[:PART_OF*0..3]->(c)
WHERE x.top IN ['Institution', 'Enterprise']
WITH DISTINCT x
MATCH (x)-[r1:BUILDS|LEADS]->(p:Platform)
WITH x, r1, p
MATCH (p)<-[r2:BUILDS|LEADS]-(y:Entity)
WHERE y.top IN ['Institution', 'Enterprise'] AND y.top <> x.top
  AND ($as_of IS NULL OR (
      (r1.valid_from IS NULL OR r1.valid_from <= left($as_of, size(r1.valid_from)))
  AND (r1.valid_to IS NULL OR r1.valid_to >= left($as_of, size(r1.valid_to)))
  AND (r2.valid_from IS NULL OR r2.valid_from <= left($as_of, size(r2.valid_from)))
  AND (r2.valid_to IS NULL OR r2.valid_to >= left($as_of, size(r2.valid_to)))))
WITH CASE WHEN x.top = 'Institution' THEN x.key ELSE y.key END AS i,
     CASE WHEN x.top = 'Institution' THEN y.key ELSE x.key END AS e, [r1, r2] AS rs
UNWIND rs AS r
RETURN DISTINCT i + '|' + e AS subject, 'shared platform' AS grp, startNode(r).key AS start,
       type(r) AS type, endNode(r).key AS end, r.source_ids AS sources
